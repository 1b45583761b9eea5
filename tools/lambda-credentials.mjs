// Replaces @aws-sdk/credential-provider-node in the Lambda bundles (esbuild `alias` in tools/lambda-esbuild.config.cjs).
// Lambda hands a function its role's credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN), the first source the default chain tries; the rest of the chain (ini files, SSO, login, STS web
// identity, IMDS, with their own nested clients and protocols) never runs there but is a third of the bundle to load
// at every cold start. The local runner gives the functions credentials the same way.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init) => fromEnv(init);

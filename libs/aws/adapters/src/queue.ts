import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as TE from 'fp-ts/TaskEither';
import { awsErrorDetails, type AwsErrorDetails } from './aws-error';

export type SQSSendFailed = { readonly _tag: 'SQSSendFailed'; readonly queueUrl: string } & AwsErrorDetails;

export interface MessageSent {
  readonly messageId: string;
}

export interface Queue {
  readonly sendMessage: (message: { readonly queueUrl: string; readonly body: string }) => TE.TaskEither<SQSSendFailed, MessageSent>;
}

export const sqsQueue = (client: SQSClient): Queue => ({
  sendMessage: ({ queueUrl, body }) =>
    TE.tryCatch(
      async () => {
        const sent = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
        return { messageId: sent.MessageId ?? '' };
      },
      (error): SQSSendFailed => ({ _tag: 'SQSSendFailed', queueUrl, ...awsErrorDetails(error) }),
    ),
});

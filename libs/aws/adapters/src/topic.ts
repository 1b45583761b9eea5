import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import * as TE from 'fp-ts/TaskEither';
import { awsErrorDetails, type AwsErrorDetails } from './aws-error';

export type SNSPublishFailed = { readonly _tag: 'SNSPublishFailed'; readonly topicArn: string } & AwsErrorDetails;

export interface Published {
  readonly messageId: string;
}

export interface Topic {
  readonly publish: (notification: {
    readonly topicArn: string;
    readonly subject?: string;
    readonly message: string;
  }) => TE.TaskEither<SNSPublishFailed, Published>;
}

export const snsTopic = (client: SNSClient): Topic => ({
  publish: ({ topicArn, subject, message }) =>
    TE.tryCatch(
      async () => {
        const published = await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
        return { messageId: published.MessageId ?? '' };
      },
      (error): SNSPublishFailed => ({ _tag: 'SNSPublishFailed', topicArn, ...awsErrorDetails(error) }),
    ),
});

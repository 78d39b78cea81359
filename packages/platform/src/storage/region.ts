/** The AWS region of every client: the function's own in AWS, Jakarta (sst.config.ts) elsewhere. */
export const awsRegion = () => process.env.AWS_REGION ?? "ap-southeast-3";

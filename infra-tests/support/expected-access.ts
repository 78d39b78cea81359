/**
 * What application code (the API and the workflow tasks) may do to DynamoDB.
 * Stated here, not imported from the stacks, on purpose: the tests say what
 * the stacks must grant.
 */
export const DYNAMODB_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

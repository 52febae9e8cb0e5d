// The part of the AWS SDK the SSM store uses, in one module loaded on first use: a bundle then
// links these four names instead of copying the client's hundreds of exports into a namespace
// object at that first use (about 6 ms of the action's skip).
export {
  DeleteParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";

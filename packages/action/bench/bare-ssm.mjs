// The floor: import the AWS SDK's SSM client and make the one GetParameters call the skip makes.
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";

const prefix = "/stock-pipeline/fyers";
const names = ["client_id", "refresh_token", "access_token"].map((n) => `${prefix}/${n}`);
const answer = await new SSMClient({}).send(new GetParametersCommand({ Names: names, WithDecryption: true }));
if ((answer.Parameters ?? []).length !== 3) throw new Error("expected three parameters");

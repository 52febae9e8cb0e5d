// The region the stack goes to, only when the user chose it. The CDK CLI falls back to us-east-1
// when nothing names a region (and passes that on as CDK_DEFAULT_REGION), so a Mumbai user would
// get a callback where the SSM parameters are not: that fallback is never taken here.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

export interface ChosenRegion {
  region: string;
  /** Where it came from, for the line the app prints: `-c region`, `AWS_REGION`, `profile default`. */
  from: string;
}

export class RegionError extends Error {
  override name = "RegionError";
}

export const HOW_TO_SET_REGION =
  "name the region that holds your SSM parameters: -c region=ap-south-1, or export AWS_REGION=ap-south-1, or set it in your AWS profile (aws configure set region ap-south-1)";

/** `region = …` of one profile in the AWS config file (the CLI's and the SDK's `~/.aws/config`). */
export function profileRegion(env: Record<string, string | undefined>): ChosenRegion | undefined {
  const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || "default";
  const file = env.AWS_CONFIG_FILE || join(homedir(), ".aws", "config");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const header = profile === "default" ? /^\[\s*(?:profile\s+)?default\s*\]$/ : /^\[\s*profile\s+(.+?)\s*\]$/;
  let inProfile = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      const match = header.exec(line);
      inProfile = match !== null && (profile === "default" || match[1] === profile);
      continue;
    }
    const setting = /^region\s*=\s*([^\s#;]+)/.exec(line);
    if (inProfile && setting?.[1]) return { region: setting[1], from: `AWS profile ${profile}` };
  }
  return undefined;
}

/** The context value, else AWS_REGION, AWS_DEFAULT_REGION, the profile's region; else a RegionError naming how to set one. */
export function chooseRegion(
  contextRegion: string | undefined,
  env: Record<string, string | undefined>,
): ChosenRegion {
  const chosen: ChosenRegion | undefined = contextRegion
    ? { region: contextRegion, from: "-c region" }
    : env.AWS_REGION?.trim()
      ? { region: env.AWS_REGION.trim(), from: "AWS_REGION" }
      : env.AWS_DEFAULT_REGION?.trim()
        ? { region: env.AWS_DEFAULT_REGION.trim(), from: "AWS_DEFAULT_REGION" }
        : profileRegion(env);
  if (!chosen) {
    const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE;
    // A named profile without a region: the default profile's setting would not help it.
    const how =
      profile === undefined || profile === "default"
        ? HOW_TO_SET_REGION
        : `the AWS profile ${profile} has no region: aws configure set region ap-south-1 --profile ${profile}, or -c region=ap-south-1, or export AWS_REGION=ap-south-1`;
    throw new RegionError(`no AWS region chosen, and the CDK would silently use us-east-1; ${how}`);
  }
  if (!REGION.test(chosen.region)) {
    throw new RegionError(`${chosen.from}: "${chosen.region}" is not an AWS region such as ap-south-1`);
  }
  return chosen;
}

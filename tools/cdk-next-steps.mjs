// The stack's NextSteps output is one line ("1) …  2) …": a CloudFormation output is a string);
// after a deploy, tools/cdk.mjs prints it one step a line.
/** @param {string} value @returns {string[]} */
export function nextSteps(value) {
  return value.split(/\s{2}(?=\d+\) )/).map((step) => step.trim());
}

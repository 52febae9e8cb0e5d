/** The stack's NextSteps output ("1) …  2) …"), one step per element. */
export function nextSteps(value: string): string[];

/** See image-command.js. */
export function imageCommand(dockerfile?: string): {
  env: Record<string, string>;
  nodeArgs: string[];
};

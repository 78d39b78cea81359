/** A variable the function's stack sets; without it the function stops at load, saying which stack to fix. */
export function stackEnv(name: string, stack: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the ${stack} stack sets it)`);
  return value;
}

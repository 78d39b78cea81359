import { createServer } from "node:net";
import { LocalRuntimeError } from "./errors.js";

export function portInUse(port: number, envName: string, likelyHolder: string): LocalRuntimeError {
  return new LocalRuntimeError(`Port ${port} is already in use (${likelyHolder}): stop that program or set ${envName} to a free port.`);
}

/**
 * Refuses a port someone already listens on, in one sentence naming the
 * variable that moves it. No host: Node binds [::] (dual stack), like
 * DynamoDB Local's Jetty, so this also collides with programs on 127.0.0.1
 * or 0.0.0.0 only.
 */
export async function checkPortFree(port: number, envName: string, likelyHolder: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") reject(portInUse(port, envName, likelyHolder));
      else if (err.code === "EACCES") reject(new LocalRuntimeError(`Port ${port} needs special privileges: set ${envName} to a free port above 1023.`));
      else reject(err);
    });
    server.listen({ port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Asks the OS for a port nobody listens on right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("The OS did not assign a port."))));
    });
  });
}

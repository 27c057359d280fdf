// Progress for the long steps of `npm start` and the code-server install: a numbered heading, a
// line every 15 s while a child runs quietly (npm prints nothing for a minute when not on a
// terminal), and the time each step took.
import { spawn } from 'node:child_process';

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

export function heading(text) {
  console.log(`\n== ${text}`);
}

/** Runs `cmd args` with its output shown; resolves when it exits 0, rejects with `what` otherwise. */
export function runStep(what, cmd, args, options = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    const beat = setInterval(() => console.log(`   ... ${what}: ${seconds(started)} so far`), 15_000);
    child.once('error', (e) => {
      clearInterval(beat);
      reject(new Error(`${what}: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearInterval(beat);
      if (code === 0) {
        console.log(`   ${what}: done in ${seconds(started)}`);
        resolve();
      } else reject(new Error(`${what} failed (exit ${code ?? signal})`));
    });
  });
}

import { execFileSync } from 'node:child_process';

/** Tests read the converted model from public/model: make sure it exists and is current. */
export default function setup(): void {
  execFileSync('npx', ['tsx', 'scripts/convert-model.ts'], { stdio: 'inherit' });
}

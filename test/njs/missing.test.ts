/** Without njs the harness says so and how to install it; it never falls back to Node. */
import { functionEvent } from './support';

describe('without njs', () => {
  const saved = process.env.NJS_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.NJS_PATH;
    else process.env.NJS_PATH = saved;
  });

  it('refuses to run a function, naming the Debian package to install', async () => {
    process.env.NJS_PATH = '/nonexistent/njs';
    let harness!: typeof import('../../emulator/njs');
    await jest.isolateModulesAsync(async () => {
      harness = await import('../../emulator/njs');
    });
    expect(harness.njsAvailable()).toBe(false);
    await expect(harness.runOne('/any/function.js', functionEvent(), { data: [] })).rejects.toThrow(
      /njs is not installed.*never Node.*apt-get install -y njs/,
    );
    await expect(harness.runOne('/any/function.js', functionEvent(), { data: [] })).rejects.toBeInstanceOf(
      harness.NjsMissingError,
    );
  });
});

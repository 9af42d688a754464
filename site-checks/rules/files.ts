/**
 * What ships is exactly the site's regular files, each with a content type. A symbolic link (to a file
 * outside the site, `~/.aws/credentials`, or inside it), a socket, a FIFO or an unreadable folder has no
 * meaning in S3 and is never uploaded: it fails the build rather than ship something else or nothing. A file
 * whose extension has no content type would fail only at synth (and the local CloudFront would serve it
 * without one), so it fails here, named, with the setting that fixes it.
 */
import type { SiteConfig } from '../../edge-functions/config/schema';
import { extensionOf } from '../../edge-functions/shared/paths';
import { shown, type SiteInventory } from '../inventory';

const STRAY_FIX = {
  'symbolic link': 'copy the file or folder it points to into the site instead, or remove it',
  socket: 'remove it',
  FIFO: 'remove it',
  device: 'remove it',
  'unreadable folder': 'make it readable (chmod) or remove it',
} as const;

export function fileProblems(config: SiteConfig, inv: SiteInventory): string[] {
  const problems = inv.strays.map(
    (s) =>
      `${shown(inv, s.file)} is a ${s.kind}: only regular files and folders ship (links are never followed); ${STRAY_FIX[s.kind]}`,
  );
  for (const file of inv.files) {
    const ext = extensionOf(`/${file}`);
    if (ext !== undefined && config.contentTypes[ext] !== undefined) continue;
    problems.push(
      ext === undefined
        ? `${shown(inv, file)} has no extension, so no content type: rename it with an extension contentTypes names, or remove it`
        : `${shown(inv, file)} has extension '.${ext}', which contentTypes does not name: add contentTypes: { ${ext}: '<its media type>' } in edge.config.ts, or remove the file`,
    );
  }
  return problems;
}

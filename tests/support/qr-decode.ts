import jsQR from 'jsqr';

/**
 * Reads a QR module matrix (true = dark) back to its text as a scanner would: drawn as an
 * image with a quiet zone, then decoded by jsQR. Null when it does not scan.
 */
export function decodeQrModules(modules: readonly (readonly boolean[])[], scale = 4): string | null {
  const quiet = 4;
  const side = (modules.length + quiet * 2) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const at = (((r + quiet) * scale + y) * side + (c + quiet) * scale + x) * 4;
          pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
        }
    })
  );
  return jsQR(pixels, side, side)?.data ?? null;
}

// The part of unzipper 0.10 (ExcelJS's own ZIP reader) that the XLSX import uses.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  export interface File {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    stream(password?: string): Readable;
  }

  export interface CentralDirectory {
    files: File[];
  }

  export const Open: {
    file(path: string): Promise<CentralDirectory>;
    buffer(data: Buffer): Promise<CentralDirectory>;
  };

  const unzipper: { Open: typeof Open };
  export default unzipper;
}

import { safeFileName } from '../../../shared/validation/text';

/**
 * Files in the page: base64 from the API to bytes, saving a download, printing a PDF, and
 * reading a file the user dropped. The same code serves the browser mode and Electron
 * (an `<a download>` asks where to save; the PDF prints from a hidden frame).
 */

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export async function readFileBytes(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Saves bytes under a file name (the browser's download, Electron's save dialog). The name is
 * made safe here as well, whatever built it: no bidi override or control character can make
 * a download look like another kind of file.
 */
export function saveBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(fileName);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function pdfBlobUrl(bytes: Uint8Array<ArrayBuffer>): string {
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/**
 * Prints a PDF through the browser's own PDF viewer: load it from a blob: URL into a hidden
 * frame, then call print on that frame (the CSP allows `frame-src blob:` for this).
 * Resolves once the print dialog has been asked for.
 */
export function printPdf(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const url = pdfBlobUrl(bytes);
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.dataset['testid'] = 'print-frame';
  Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '1px', height: '1px', border: '0', opacity: '0' });
  const cleanup = () => {
    frame.remove();
    URL.revokeObjectURL(url);
  };
  return new Promise<void>((resolve, reject) => {
    frame.onload = () => {
      // The PDF viewer needs a moment after load before it can print.
      window.setTimeout(() => {
        try {
          frame.contentWindow?.focus();
          frame.contentWindow?.print();
          resolve();
        } catch (err) {
          cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        // Keep the frame while the dialog is open; remove it well after.
        window.setTimeout(cleanup, 10 * 60_000);
      }, 300);
    };
    frame.src = url;
    document.body.appendChild(frame);
  });
}

import { useEffect, useRef } from 'react';
import { PRINT_REPORT_EVENT } from '../../../shared/desktop/events';

export { PRINT_REPORT_EVENT };

/*
 * The desktop menu's 文件 › 打印报告: the main process announces it as a window event, and
 * the report on screen (the newest mounted one) prints itself: the PDF, not the page.
 */
const printers: { current: () => void }[] = [];

/** While mounted, `print` is what 打印报告 does. */
export function usePrintReportCommand(print: () => void): void {
  const ref = useRef(print);
  ref.current = print;
  useEffect(() => {
    const entry = { current: () => ref.current() };
    printers.push(entry);
    return () => void printers.splice(printers.indexOf(entry), 1);
  }, []);
}

/** Runs the newest report's print; false when no report is on screen. */
export function printReportOnScreen(): boolean {
  const top = printers.at(-1);
  if (!top) return false;
  top.current();
  return true;
}

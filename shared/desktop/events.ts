/**
 * Window events by which the desktop app's main process asks the page to act (it dispatches
 * them with executeJavaScript; they carry no data, so a page cannot be told what to do with
 * anything but its own).
 */
/** 文件 › 打印报告: the report on screen prints its PDF. */
export const PRINT_REPORT_EVENT = 'yiyang:print-report';

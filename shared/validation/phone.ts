/** Mainland mobile numbers and landlines with area code, as written on Chinese forms. */

export type PhoneResult = { ok: true; phone: string } | { ok: false; message: string };

const MOBILE = /^1[3-9]\d{9}$/;
// 0 + 2–3 digit area code, 7–8 digit number, optional extension.
const LANDLINE = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;

/**
 * Spaces are dropped and a +86 / 0086 prefix removed; a landline keeps the hyphen the
 * person wrote, because 0595-2xxxxxxx reads better on a report than the bare digits.
 */
export function validatePhone(input: string): PhoneResult {
  let phone = input.replace(/[\s()（）]/g, '');
  phone = phone.replace(/^(?:\+86|0086)-?/, '');
  if (MOBILE.test(phone) || LANDLINE.test(phone)) return { ok: true, phone };
  if (/^1\d*$/.test(phone)) return { ok: false, message: '手机号码应为以1开头的11位数字' };
  return { ok: false, message: '电话号码格式不正确：手机号为11位数字，固定电话须带区号（如 0595-22345678）' };
}

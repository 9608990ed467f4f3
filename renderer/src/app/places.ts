/** 泉州市 县（市、区）, for the filter and the registration form; other places can be typed. */
export const QUANZHOU_COUNTIES = [
  '鲤城区',
  '丰泽区',
  '洛江区',
  '泉港区',
  '惠安县',
  '安溪县',
  '永春县',
  '德化县',
  '石狮市',
  '晋江市',
  '南安市',
] as const;

import { describe, expect, it } from 'vitest';
import { asciiPersonName, asciiPhrase, truncateWords } from '../../../electron/core/signing/user-certificates';
import { maskPhone } from '../../../shared/instruments';
import { reportFileName, safeFilePart, uniqueReportNames } from '../../../electron/core/reports/stored-reports';

describe('ASCII names for certificates', () => {
  it('writes people family name first in pinyin, compound surnames and minority names included', () => {
    expect(asciiPersonName('张丽华')).toBe('Zhang Lihua');
    expect(asciiPersonName('欧阳娜娜')).toBe('Ouyang Nana');
    expect(asciiPersonName('单田芳')).toBe('Shan Tianfang');
    expect(asciiPersonName('吕小军')).toBe('Lv Xiaojun');
    expect(asciiPersonName('买买提·艾力')).toBe('Maimaiti Aili');
    expect(asciiPersonName('Li Si')).toBe('Li Si');
    expect(asciiPersonName('   ')).toBe('User');
  });

  it('writes institutions one syllable per character and keeps within the X.520 limit', () => {
    expect(asciiPhrase('测试养老服务中心')).toBe('Ce Shi Yang Lao Fu Wu Zhong Xin');
    expect(asciiPhrase('ABC养老院（东区）')).toBe('ABC Yang Lao Yuan (Dong Qu)');
    const long = asciiPhrase('泉州市丰泽区东海街道社区卫生服务中心老年人能力评估站');
    expect(truncateWords(long, 64).length).toBeLessThanOrEqual(64);
    expect(truncateWords(long, 64)).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('report file names and masking', () => {
  it('names files 评估报告-<姓名>-<日期>.pdf without characters file systems refuse', () => {
    expect(reportFileName('林秀英', '2026-11-30')).toBe('评估报告-林秀英-2026-11-30.pdf');
    expect(reportFileName('林秀英', '2026-11-30', { unsigned: true })).toBe('评估报告-林秀英-2026-11-30-未签名.pdf');
    expect(safeFilePart('a/b:c*?')).toBe('a_b_c__');
    const names = uniqueReportNames([
      { id: '1', personName: '甲', assessmentDate: '2026-01-01', assessmentNo: 'YY-2026-000001' },
      { id: '2', personName: '甲', assessmentDate: '2026-01-01', assessmentNo: 'YY-2026-000002' },
      { id: '3', personName: '乙', assessmentDate: '2026-01-01', assessmentNo: 'YY-2026-000003' },
    ]);
    expect([...names.values()]).toEqual(['评估报告-甲-2026-01-01-YY-2026-000001.pdf', '评估报告-甲-2026-01-01-YY-2026-000002.pdf', '评估报告-乙-2026-01-01.pdf']);
  });

  it('masks mobile numbers in the middle', () => {
    expect(maskPhone('13905951234')).toBe('139****1234');
    expect(maskPhone('0595-22345678')).toBe('05*********78');
  });
});

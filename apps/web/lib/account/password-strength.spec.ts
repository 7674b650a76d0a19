import { describe, expect, it } from 'vitest';
import { assessPassword, MIN_PASSWORD_LENGTH } from './password-strength.ts';

describe('assessPassword', () => {
  it.each([
    ['correct horse battery staple'],
    ['pommes vertes du jardin'],
    ['Kx9#mP2$vL7@nQ4'],
  ])('rates %j strong and acceptable', (password) => {
    expect(assessPassword(password)).toMatchObject({ score: 4, label: 'Strong', problem: undefined, advice: undefined });
  });

  it.each([
    ['a common password dressed up', 'Password123!'],
    ['a common word and a year', 'sunshine2024'],
    ['one character repeated', 'aaaaaaaaaaaaaaa'],
    ['an alphabet run', 'abcdefghijkl'],
    ['a keyboard row', 'qwertyuiop12'],
    ['digits in order', '1234567890'],
    ['a repeated block', 'abcabcabcabc'],
  ])('refuses %s', (_, password) => {
    const assessment = assessPassword(password);
    expect(assessment.score).toBeLessThan(2);
    expect(assessment.problem).toMatch(/too easy to guess/);
  });

  it('counts the email in the password as no secret at all', () => {
    expect(assessPassword('ada.lovelace1', 'ada.lovelace@example.org').problem).toMatch(/too easy to guess/);
    expect(assessPassword('ada.lovelace1', 'grace@example.org').problem).toBeUndefined();
  });

  it(`asks for at least ${MIN_PASSWORD_LENGTH} characters, counting characters rather than UTF-16 units`, () => {
    expect(assessPassword('Kx9#mP2$v').problem).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    expect(assessPassword('').problem).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    expect(assessPassword('🔑🔑🔑🔑🔑').problem).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  });

  it('rises with length, and advises until strong', () => {
    const scores = ['zqkvwmtbpr', 'zqkvwmtbprhd', 'zqkvwmtbprhdjgf', 'zqkvwmtbprhdjgfcsnlq'].map((password) => assessPassword(password).score);
    expect(scores).toEqual([...scores].sort());
    expect(scores.at(-1)).toBe(4);
    expect(assessPassword('zqkvwmtbprhd').advice).toMatch(/stronger/);
  });
});

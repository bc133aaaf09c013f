import { describe, expect, it } from 'vitest';
import { parseFilterPattern, patternCovers } from '../../src/checks/filter-pattern.js';

const CIS_TRAIL =
  '{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }';

describe('CloudWatch Logs filter patterns', () => {
  it('parses JSON patterns and rejects term patterns and malformed ones', () => {
    expect(parseFilterPattern('{ $.a = 1 }')).toBeDefined();
    expect(parseFilterPattern('{ $.a NOT EXISTS && ($.b IS TRUE) }')).toBeDefined();
    expect(parseFilterPattern('ERROR')).toBeUndefined();
    expect(parseFilterPattern('')).toBeUndefined();
    expect(parseFilterPattern('{ ($.a = 1 }')).toBeUndefined();
    expect(parseFilterPattern('{ $.a = "unterminated }')).toBeUndefined();
  });

  it('judges by meaning: spacing, quoting and the order of || terms do not matter', () => {
    expect(
      patternCovers(
        '{($.eventName=StopLogging)||($.eventName="DeleteTrail")||($.eventName = UpdateTrail)||($.eventName=CreateTrail)||($.eventName=StartLogging)}',
        CIS_TRAIL,
      ),
    ).toBe(true);
    expect(patternCovers('{ $.eventSource = "cloudtrail.amazonaws.com" }', CIS_TRAIL)).toBe(true);
    expect(patternCovers('{ $.eventName = * }', CIS_TRAIL)).toBe(true);
  });

  it('a narrower pattern does not cover', () => {
    expect(
      patternCovers('{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }', CIS_TRAIL),
    ).toBe(false);
    expect(
      patternCovers(
        '{ (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) && ($.awsRegion = eu-west-1) }',
        CIS_TRAIL,
      ),
    ).toBe(false);
    expect(patternCovers('{ $.eventName = "*Trail" }', CIS_TRAIL)).toBe(false);
    expect(
      patternCovers(
        '{ $.eventName = createtrail || $.eventName = updatetrail || $.eventName = deletetrail || $.eventName = startlogging || $.eventName = stoplogging }',
        CIS_TRAIL,
      ),
    ).toBe(false);
  });

  it('an unparenthesised mix of && and || covers only if it does under either precedence', () => {
    const required = '{ ($.a = 1) && ($.b = 2) }';
    // Read as (a=1 || c=3) && b=2 it covers; read as a=1 || (c=3 && b=2) it covers too.
    expect(patternCovers('{ $.a = 1 || $.c = 3 && $.b = 2 }', required)).toBe(true);
    // a=1 && c=3 || b=2: as (a && c) || b it covers (b=2); as a && (c || b) too. Then drop b: neither.
    expect(patternCovers('{ $.a = 1 && $.c = 3 || $.d = 4 }', required)).toBe(false);
  });

  it('a != term is implied only by an equality to another value or by itself', () => {
    const required = '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes") }';
    expect(patternCovers('{ $.additionalEventData.MFAUsed != Yes }', required)).toBe(true);
    expect(patternCovers('{ $.additionalEventData.MFAUsed = No }', required)).toBe(false);
    expect(patternCovers('{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != "Y*" }', required)).toBe(false);
  });
});

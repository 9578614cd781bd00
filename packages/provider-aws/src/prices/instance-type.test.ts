import { FinopsError } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import {
  compareInstanceTypes,
  compareSizes,
  parseInstanceType,
  sizeNormalizationFactor,
  sizeRank,
  tryParseInstanceType,
} from './instance-type.js';

describe('parseInstanceType', () => {
  it('splits an EC2 type into family, category, generation and size', () => {
    expect(parseInstanceType('m5.xlarge')).toMatchObject({
      prefix: undefined,
      family: 'm5',
      category: 'm',
      generation: 5,
      capabilities: '',
      size: 'xlarge',
      architecture: 'x86_64',
      graviton: false,
      burstable: false,
      metal: false,
    });
    expect(parseInstanceType('c6gn.16xlarge')).toMatchObject({
      family: 'c6gn',
      capabilities: 'gn',
      generation: 6,
    });
    expect(parseInstanceType('m7i-flex.large')).toMatchObject({
      family: 'm7i-flex',
      category: 'm',
      generation: 7,
      capabilities: 'i',
      variant: 'flex',
    });
    expect(parseInstanceType('hpc7g.16xlarge')).toMatchObject({ category: 'hpc', generation: 7 });
    expect(parseInstanceType('u-6tb1.112xlarge')).toMatchObject({
      family: 'u-6tb1',
      category: 'u',
      generation: 1,
    });
    expect(parseInstanceType('u7in-16tb.224xlarge')).toMatchObject({
      category: 'u',
      generation: 7,
      variant: '16tb',
    });
    expect(parseInstanceType('c7i.metal-24xl')).toMatchObject({ size: 'metal-24xl', metal: true });
    expect(parseInstanceType('t3.micro')).toMatchObject({ burstable: true });
  });

  it('handles db.* prefixes and Oracle-optimised suffixes of RDS classes', () => {
    expect(parseInstanceType('db.m5.large')).toMatchObject({
      prefix: 'db',
      family: 'm5',
      category: 'm',
      generation: 5,
      size: 'large',
      suffix: undefined,
    });
    expect(parseInstanceType('db.r5.2xlarge.tpc2.mem4x')).toMatchObject({
      prefix: 'db',
      family: 'r5',
      size: '2xlarge',
      suffix: 'tpc2.mem4x',
    });
    expect(parseInstanceType('db.t4g.micro')).toMatchObject({
      architecture: 'arm64',
      graviton: true,
      burstable: true,
    });
  });

  it('parses Redshift node types', () => {
    expect(parseInstanceType('ra3.4xlarge')).toMatchObject({ family: 'ra3', category: 'ra', generation: 3 });
    expect(parseInstanceType('dc2.large')).toMatchObject({ family: 'dc2', size: 'large' });
  });

  it('detects Graviton families as arm64', () => {
    for (const type of [
      'm6g.large',
      'm7g.xlarge',
      'm7gd.large',
      'c7g.2xlarge',
      'c7gn.large',
      'r8g.4xlarge',
      't4g.nano',
      'x2gd.xlarge',
      'im4gn.large',
      'is4gen.medium',
      'g5g.xlarge',
      'hpc7g.4xlarge',
      'a1.medium',
      'db.r6g.large',
      'db.m6g.large',
    ]) {
      expect(parseInstanceType(type), type).toMatchObject({ architecture: 'arm64', graviton: true });
    }
    for (const type of [
      'm5.large',
      'm7i.large',
      'm7a.large',
      'g4ad.xlarge',
      'gr6.4xlarge',
      'inf2.xlarge',
      'db.m5.large',
    ]) {
      expect(parseInstanceType(type), type).toMatchObject({ architecture: 'x86_64', graviton: false });
    }
    expect(parseInstanceType('mac2-m2pro.metal')).toMatchObject({ architecture: 'arm64', graviton: false });
    expect(parseInstanceType('mac1.metal').architecture).toBe('x86_64');
  });

  it('rejects names that are not instance types', () => {
    for (const bad of ['', 'm5', 'db.m5', 'M5 XLARGE', '.large', 'm5.']) {
      expect(tryParseInstanceType(bad), bad).toBeUndefined();
    }
    expect(() => parseInstanceType('m5')).toThrow(/"m5" is not an instance type name/);
    try {
      parseInstanceType('m5');
    } catch (error) {
      expect(FinopsError.isInstance(error) && error.code).toBe('INVALID_INPUT');
    }
  });
});

describe('size order', () => {
  it('orders nano < micro < small < medium < large < xlarge < 2xlarge < … < metal', () => {
    const ordered = [
      'nano',
      'micro',
      'small',
      'medium',
      'large',
      'xlarge',
      '2xlarge',
      '3xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '48xlarge',
      '112xlarge',
      '224xlarge',
      'metal-24xl',
      'metal-48xl',
      'metal',
    ];
    const shuffled = [...ordered].reverse();
    shuffled.push(...shuffled.splice(0, 7));
    expect(shuffled.sort(compareSizes)).toEqual(ordered);
  });

  it('puts unknown sizes last, alphabetically', () => {
    expect(['zeta', 'large', 'alpha', 'nano'].sort(compareSizes)).toEqual(['nano', 'large', 'alpha', 'zeta']);
    expect(sizeRank('huge')).toBeUndefined();
  });

  it('gives AWS normalization factors', () => {
    expect(sizeNormalizationFactor('nano')).toBe(0.25);
    expect(sizeNormalizationFactor('large')).toBe(4);
    expect(sizeNormalizationFactor('xlarge')).toBe(8);
    expect(sizeNormalizationFactor('2xlarge')).toBe(16);
    expect(sizeNormalizationFactor('24xlarge')).toBe(192);
    expect(sizeNormalizationFactor('metal')).toBeUndefined();
    expect(compareSizes('xlarge', 'xlplus')).toBeLessThan(0);
    expect(compareSizes('xlplus', '2xlarge')).toBeLessThan(0);
  });

  it('sorts type names by family, then size', () => {
    expect(
      ['m5a.large', 'm5.2xlarge', 'm5.metal', 'm5.large', 'm5.xlarge'].sort(compareInstanceTypes),
    ).toEqual(['m5.large', 'm5.xlarge', 'm5.2xlarge', 'm5.metal', 'm5a.large']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  isSafetyBackup,
  MAX_UPLOAD_BYTES,
  restoreWarning,
  uploadProblem,
} from './backup-view';

describe('backup view helpers', () => {
  it('formats archive sizes', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(4_200)).toBe('4.2 KB');
    expect(formatBytes(18_600_000)).toBe('19 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
  });

  it('refuses empty and oversized uploads before reading them', () => {
    expect(uploadProblem({ name: 'a.zip', size: 10 })).toBeNull();
    expect(uploadProblem({ name: 'a.zip', size: 0 })).toMatch(/empty/);
    expect(uploadProblem({ name: 'big.zip', size: MAX_UPLOAD_BYTES + 1 })).toMatch(
      /plateshift restore big\.zip/,
    );
  });

  it('tells safety backups from the user’s own', () => {
    expect(isSafetyBackup('plateshift-backup-20260101-120000-before-restore.zip')).toBe(true);
    expect(isSafetyBackup('plateshift-backup-20260101-120000-before-restore-2.zip')).toBe(true);
    expect(isSafetyBackup('plateshift-backup-20260101-120000.zip')).toBe(false);
  });

  it('says what a restore replaces and how to undo it', () => {
    const text = restoreWarning('lab.zip', 'Demo lab');
    expect(text).toMatch(/“Demo lab”/);
    expect(text).toMatch(/“lab\.zip”/);
    expect(text).toMatch(/saved as a new backup/);
  });
});

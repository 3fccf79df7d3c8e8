/** Hard limits applied while reading a file; all are checked before large allocations. */
export interface IntakeLimits {
  /** Largest accepted file (bytes). SiteSettings.maxFileSizeMb · 2^20. */
  maxFileBytes: number;
  /** Largest accepted triangle count. SiteSettings.maxTriangles. */
  maxTriangles: number;
  /** Zip and 3MF containers: most entries in the central directory. */
  maxZipEntries: number;
  /** Zip and 3MF containers: largest total uncompressed size of the entries we read (bytes). */
  maxUncompressedBytes: number;
  /** Zip and 3MF containers: largest uncompressed/compressed ratio of one entry. */
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: IntakeLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxTriangles: 5_000_000,
  maxZipEntries: 1000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** Limits from the workspace's SiteSettings (file size in MB, triangle count). */
export function limitsFromSettings(settings: {
  maxFileSizeMb: number;
  maxTriangles: number;
}): IntakeLimits {
  return {
    ...DEFAULT_LIMITS,
    maxFileBytes: settings.maxFileSizeMb * 1024 * 1024,
    maxTriangles: settings.maxTriangles,
    maxUncompressedBytes: Math.max(
      DEFAULT_LIMITS.maxUncompressedBytes,
      settings.maxFileSizeMb * 1024 * 1024 * 4,
    ),
  };
}

export function resolveLimits(limits?: Partial<IntakeLimits>): IntakeLimits {
  return { ...DEFAULT_LIMITS, ...(limits ?? {}) };
}

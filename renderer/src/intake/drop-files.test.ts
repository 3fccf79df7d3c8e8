import { describe, expect, it } from 'vitest';
import {
  classifyName,
  collectDropped,
  collectPicked,
  extensionOf,
  precheck,
  type EntryLike,
  type FileLike,
} from './drop-files';

function file(name: string, text = name, relative = ''): FileLike {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    arrayBuffer: () => Promise.resolve(bytes.buffer.slice(0) as ArrayBuffer),
    ...(relative ? { webkitRelativePath: relative } : {}),
  };
}

/** A fake FileSystemEntry tree; folders hand out entries in batches like Chromium does. */
function fileEntry(fullPath: string): EntryLike {
  const name = fullPath.slice(fullPath.lastIndexOf('/') + 1);
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath,
    file: (ok) => ok(file(name, fullPath)),
  };
}
function dirEntry(fullPath: string, children: EntryLike[], batch = 2): EntryLike {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.slice(fullPath.lastIndexOf('/') + 1),
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok) => {
          const out = children.slice(at, at + batch);
          at += batch;
          setTimeout(() => ok(out), 0);
        },
      };
    },
  };
}

describe('names', () => {
  it('classifies models, zips, hidden and other files', () => {
    expect(extensionOf('a/b/Bracket.STL')).toBe('stl');
    expect(extensionOf('noext')).toBe('');
    expect(extensionOf('.stl')).toBe('');
    expect(classifyName('parts/bracket_x2.stl')).toBe('model');
    expect(classifyName('plate.3MF')).toBe('model');
    expect(classifyName('knob.obj')).toBe('model');
    expect(classifyName('order.zip')).toBe('zip');
    expect(classifyName('readme.txt')).toBe('other');
    expect(classifyName('parts/.DS_Store')).toBe('hidden');
    expect(classifyName('__MACOSX/parts/._a.stl')).toBe('hidden');
  });
});

describe('walking a drop', () => {
  it('recurses into folders in name order, reading every batch, skipping non-models', async () => {
    const tree = dirEntry('/order', [
      fileEntry('/order/b10.stl'),
      fileEntry('/order/notes.txt'),
      dirEntry('/order/sub', [
        fileEntry('/order/sub/knob.obj'),
        fileEntry('/order/sub/.hidden.stl'),
      ]),
      fileEntry('/order/b2.stl'),
      fileEntry('/order/pack.zip'),
      dirEntry('/order/.git', [fileEntry('/order/.git/x.stl')]),
    ]);
    const out = await collectDropped([tree, fileEntry('/photo.png')]);
    expect(out.files.map((f) => f.path)).toEqual([
      'order/b2.stl',
      'order/b10.stl',
      'order/pack.zip',
      'order/sub/knob.obj',
      'photo.png', // dropped by itself: kept so it gets its own error
    ]);
    expect(out.skipped).toEqual(['order/notes.txt']);
    expect(new TextDecoder().decode(await out.files[0]!.read())).toBe('/order/b2.stl');
  });

  it('takes plain files when the browser gives no entries, keeping the drop order', async () => {
    const out = await collectDropped([file('z.stl'), file('a.stl')]);
    expect(out.files.map((f) => [f.path, f.size])).toEqual([
      ['z.stl', 5],
      ['a.stl', 5],
    ]);
  });

  it('reports a folder it cannot read and carries on', async () => {
    const broken: EntryLike = {
      isFile: false,
      isDirectory: true,
      name: 'locked',
      fullPath: '/locked',
      createReader: () => ({ readEntries: (_ok, err) => err?.(new Error('permission denied')) }),
    };
    const out = await collectDropped([broken, fileEntry('/a.stl')]);
    expect(out.unreadable).toEqual([{ path: 'locked', message: 'permission denied' }]);
    expect(out.files.map((f) => f.path)).toEqual(['a.stl']);
  });

  it('stops at the file limit', async () => {
    const many = dirEntry(
      '/many',
      Array.from({ length: 30 }, (_, i) => fileEntry(`/many/p${i}.stl`)),
      7,
    );
    expect((await collectDropped([many], { maxFiles: 10 })).files).toHaveLength(10);
  });
});

describe('picked files', () => {
  it('filters a picked folder like a dropped one and keeps single picks as they are', () => {
    const out = collectPicked([
      file('b.stl', 'b', 'parts/b.stl'),
      file('a.stl', 'a', 'parts/a.stl'),
      file('readme.md', 'r', 'parts/readme.md'),
      file('.DS_Store', 'x', 'parts/.DS_Store'),
    ]);
    expect(out.files.map((f) => f.path)).toEqual(['parts/a.stl', 'parts/b.stl']);
    expect(out.skipped).toEqual(['parts/readme.md']);
    expect(collectPicked([file('photo.jpg')]).files.map((f) => f.path)).toEqual(['photo.jpg']);
  });
});

describe('checks before upload', () => {
  it('refuses files that are not models and files over the size limit', () => {
    expect(precheck({ path: 'a/b.stl', size: 10 }, 100)).toBeNull();
    expect(precheck({ path: 'order.zip', size: 10 }, 100)).toBeNull();
    expect(precheck({ path: 'photo.png', size: 10 }, 100)).toMatchObject({
      code: 'unsupported-type',
    });
    expect(precheck({ path: 'huge.stl', size: 300 * 1048576 }, 200 * 1048576)?.message).toBe(
      '“huge.stl” is 300 MB, more than the 200 MB accepted (site settings).',
    );
  });
});

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Breadcrumbs } from './breadcrumbs.js';
import { Dialog } from './dialog.js';
import { EmptyState } from './empty-state.js';
import { ProgressBar } from './progress.js';
import { SortableHeader, TableHead } from './table.js';

describe('Breadcrumbs', () => {
  it('is a labelled nav with an ordered list; only the last step is the current page and not a link', () => {
    const html = renderToStaticMarkup(
      <Breadcrumbs
        label="Folders"
        trail={[
          { href: '/drive', label: 'My drive' },
          { href: '/drive?folder=a', label: 'Photos' },
          { href: '/drive?folder=b', label: '2024' },
        ]}
      />,
    );
    expect(html).toMatch(/^<nav class="coffre-breadcrumbs" aria-label="Folders"><ol>/);
    expect(html).toContain('<a href="/drive" class="coffre-breadcrumbs__link">My drive</a>');
    expect(html).toContain('<a href="/drive?folder=a" class="coffre-breadcrumbs__link">Photos</a>');
    expect(html).toContain('<span aria-current="page">2024</span>');
    expect(html).not.toContain('href="/drive?folder=b"');
    expect(html.match(/aria-current/g)).toHaveLength(1);
  });
});

describe('ProgressBar', () => {
  it('names the bar by its label, describes it by its detail, and clamps the value', () => {
    const html = renderToStaticMarkup(<ProgressBar label="photo.jpg" value={150} max={100} detail="1 MB/s" />);
    const labelId = /aria-labelledby="([^"]+)"/.exec(html)![1]!;
    const detailId = /aria-describedby="([^"]+)"/.exec(html)![1]!;
    expect(html).toContain(`<span id="${labelId}" class="coffre-progress__label">photo.jpg</span>`);
    expect(html).toContain(`<span id="${detailId}" class="coffre-progress__detail">1 MB/s</span>`);
    expect(html).toContain('max="100" value="100"');
    expect(html).not.toContain('style=');
  });

  it('has no value when indeterminate, and a full bar for an empty file', () => {
    expect(renderToStaticMarkup(<ProgressBar label="a" value={0} max={10} indeterminate />)).not.toContain('value=');
    expect(renderToStaticMarkup(<ProgressBar label="empty" value={0} max={0} />)).toContain('max="1" value="1"');
    expect(renderToStaticMarkup(<ProgressBar label="a" value={-5} max={10} />)).toContain('value="0"');
  });
});

describe('EmptyState', () => {
  it('is a section named by its heading, with its actions', () => {
    const html = renderToStaticMarkup(
      <EmptyState title="This folder is empty" actions={<button type="button">Upload files</button>}>
        <p>Drop files here.</p>
      </EmptyState>,
    );
    const id = /aria-labelledby="([^"]+)"/.exec(html)![1]!;
    expect(html).toContain(`<h2 id="${id}" class="coffre-empty__title">This folder is empty</h2>`);
    expect(html).toContain('<p>Drop files here.</p><div class="coffre-empty__actions"><button type="button">Upload files</button></div>');
  });
});

describe('Dialog', () => {
  it('is a native dialog titled by its heading, rendering its content only while open', () => {
    const open = renderToStaticMarkup(
      <Dialog open title="Rename" onClose={() => undefined}>
        <p>form</p>
      </Dialog>,
    );
    const id = /aria-labelledby="([^"]+)"/.exec(open)![1]!;
    expect(open).toMatch(/^<dialog class="coffre-dialog"/);
    expect(open).toContain(`<h2 id="${id}" class="coffre-dialog__title">Rename</h2><p>form</p>`);
    const closed = renderToStaticMarkup(
      <Dialog open={false} title="Rename" onClose={() => undefined}>
        <p>form</p>
      </Dialog>,
    );
    expect(closed).not.toContain('<p>form</p>');
    // Opened by showModal() in an effect, never by the `open` attribute (which would not be modal).
    expect(open).not.toMatch(/<dialog[^>]* open/);
  });
});

describe('SortableHeader', () => {
  it.each([
    ['ascending', '▲'],
    ['descending', '▼'],
    [undefined, '↕'],
  ] as const)('states aria-sort=%s with a button', (sorted, icon) => {
    const html = renderToStaticMarkup(
      <table>
        <thead>
          <tr>
            <SortableHeader sorted={sorted} onSort={() => undefined}>
              Name
            </SortableHeader>
          </tr>
        </thead>
      </table>,
    );
    expect(html).toContain(`<th scope="col" aria-sort="${sorted ?? 'none'}"><button type="button" class="coffre-sort">Name<span class="coffre-sort__icon" aria-hidden="true">${icon}</span></button></th>`);
  });
});

describe('TableHead', () => {
  it('gives every column a col-scoped header, with a label only screen readers get where asked', () => {
    const html = renderToStaticMarkup(
      <table>
        <TableHead columns={['Name', 'Size', { hiddenLabel: 'Actions' }]} />
      </table>,
    );
    expect(html).toBe(
      '<table><thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col"><span class="coffre-visually-hidden">Actions</span></th></tr></thead></table>',
    );
  });
});

'use client';

import { type DriveNode } from '@coffre/sdk/drive';
import { Button } from '@coffre/ui/button';
import { formatBytes } from '@coffre/ui/meter';
import { SortableHeader } from '@coffre/ui/table';
import Link from 'next/link';
import { type DragEvent } from 'react';
import { type FolderAccess } from '../../../lib/drive/folder-access.ts';
import { modifiedAt, type SortKey, type SortOrder } from '../../../lib/drive/sort-nodes.ts';

/** The drag type of nodes moved inside the browser (files dropped from the desktop carry "Files"). */
export const NODES_DRAG_TYPE = 'application/x-coffre-nodes';

export interface NodeActions {
  open(folder: DriveNode): string;
  /** Shows a file: its preview, and what else can be done with it. */
  preview(file: DriveNode): void;
  download(file: DriveNode): void;
  versions(file: DriveNode): void;
  rename(node: DriveNode): void;
  share(node: DriveNode): void;
  move(nodes: DriveNode[]): void;
  trash(nodes: DriveNode[]): void;
  /** Nodes dragged onto a folder row. */
  dropOn(folder: DriveNode, nodeIds: string[]): void;
}

function sortedBy(order: SortOrder, key: SortKey) {
  return order.key === key ? order.direction : undefined;
}

/**
 * The list view: a selectable, sortable table; rows drag onto folder rows to move. Only the actions
 * `access` allows are offered: in a read-only share, nothing is selectable, draggable or changeable.
 */
export function NodeTable({
  nodes,
  order,
  onSort,
  selected,
  onSelect,
  actions,
  access,
}: {
  nodes: DriveNode[];
  order: SortOrder;
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<string>;
  onSelect: (next: Set<string>) => void;
  actions: NodeActions;
  access: FolderAccess;
}) {
  const { canWrite, canShare } = access;
  const allSelected = nodes.length > 0 && nodes.every((node) => selected.has(node.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const dragStart = (node: DriveNode) => (event: DragEvent<HTMLTableRowElement>) => {
    const ids = selected.has(node.id) ? [...selected] : [node.id];
    event.dataTransfer.setData(NODES_DRAG_TYPE, JSON.stringify(ids));
    event.dataTransfer.effectAllowed = 'move';
  };
  const dropTarget = (folder: DriveNode) => ({
    onDragOver: (event: DragEvent<HTMLTableRowElement>) => {
      if (event.dataTransfer.types.includes(NODES_DRAG_TYPE)) event.preventDefault();
    },
    onDrop: (event: DragEvent<HTMLTableRowElement>) => {
      const data = event.dataTransfer.getData(NODES_DRAG_TYPE);
      if (data === '') return;
      event.preventDefault();
      event.stopPropagation();
      const ids = (JSON.parse(data) as string[]).filter((id) => id !== folder.id);
      if (ids.length > 0) actions.dropOn(folder, ids);
    },
  });

  return (
    <table className="coffre-table coffre-files">
      <caption className="coffre-visually-hidden">Files and folders, folders first</caption>
      <thead>
        <tr>
          {canWrite ? (
            <th scope="col" className="coffre-files__select">
              <input
                type="checkbox"
                aria-label="Select all"
                checked={allSelected}
                onChange={() => onSelect(allSelected ? new Set() : new Set(nodes.map((node) => node.id)))}
              />
            </th>
          ) : null}
          <SortableHeader sorted={sortedBy(order, 'name')} onSort={() => onSort('name')}>
            Name
          </SortableHeader>
          <SortableHeader sorted={sortedBy(order, 'size')} onSort={() => onSort('size')}>
            Size
          </SortableHeader>
          <SortableHeader sorted={sortedBy(order, 'modified')} onSort={() => onSort('modified')}>
            Modified
          </SortableHeader>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => {
          const modified = new Date(modifiedAt(node));
          return (
            <tr
              key={node.id}
              {...(canWrite && { draggable: true, onDragStart: dragStart(node) })}
              {...(canWrite && node.kind === 'folder' ? dropTarget(node) : {})}
              className={selected.has(node.id) ? 'coffre-files__row coffre-files__row--selected' : 'coffre-files__row'}
            >
              {canWrite ? (
                <td className="coffre-files__select">
                  <input type="checkbox" aria-label={`Select ${node.name}`} checked={selected.has(node.id)} onChange={() => toggle(node.id)} />
                </td>
              ) : null}
              <td className="coffre-files__name">
                {node.kind === 'folder' ? (
                  <Link href={actions.open(node)}>{node.name}</Link>
                ) : (
                  <button type="button" className="coffre-files__open" onClick={() => actions.preview(node)}>
                    {node.name}
                  </button>
                )}
                {node.kind === 'folder' ? <span className="coffre-visually-hidden"> (folder)</span> : null}
              </td>
              <td>{node.kind === 'folder' ? '—' : formatBytes(node.size)}</td>
              <td>
                <time dateTime={modified.toISOString()}>{modified.toLocaleString()}</time>
              </td>
              <td className="coffre-files__actions">
                {node.kind === 'file' ? (
                  <>
                    <Button variant="quiet" aria-label={`Download ${node.name}`} onClick={() => actions.download(node)}>
                      Download
                    </Button>
                    <Button variant="quiet" aria-label={`Versions of ${node.name}`} onClick={() => actions.versions(node)}>
                      Versions
                    </Button>
                  </>
                ) : null}
                {canShare ? (
                  <Button variant="quiet" aria-label={`Share ${node.name}`} onClick={() => actions.share(node)}>
                    Share
                  </Button>
                ) : null}
                {canWrite ? (
                  <>
                    <Button variant="quiet" aria-label={`Rename ${node.name}`} onClick={() => actions.rename(node)}>
                      Rename
                    </Button>
                    <Button variant="quiet" aria-label={`Move ${node.name}`} onClick={() => actions.move([node])}>
                      Move
                    </Button>
                    <Button variant="quiet" aria-label={`Move ${node.name} to the trash`} onClick={() => actions.trash([node])}>
                      Trash
                    </Button>
                  </>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

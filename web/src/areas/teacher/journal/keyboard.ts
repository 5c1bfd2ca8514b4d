/**
 * How the grid's keys move the active cell, like a spreadsheet: arrows one step, Tab right
 * (on to the next row's first cell at a row's end), Shift+Tab left, Enter down, Shift+Enter
 * up, Home and End to the row's ends, Ctrl+Home and Ctrl+End to the grid's corners.
 */
export interface Position {
  row: number;
  col: number;
}

export interface Size {
  rows: number;
  cols: number;
}

export interface MoveKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
}

function clamp(position: Position, size: Size): Position {
  return {
    row: Math.min(Math.max(position.row, 0), size.rows - 1),
    col: Math.min(Math.max(position.col, 0), size.cols - 1),
  };
}

/** The position a key moves to, or null when the key does not move. */
export function moveFrom(from: Position, { key, shiftKey, ctrlKey }: MoveKey, size: Size): Position | null {
  const { row, col } = from;
  switch (key) {
    case "ArrowUp":
      return clamp({ row: row - 1, col }, size);
    case "ArrowDown":
      return clamp({ row: row + 1, col }, size);
    case "ArrowLeft":
      return clamp({ row, col: col - 1 }, size);
    case "ArrowRight":
      return clamp({ row, col: col + 1 }, size);
    case "Enter":
      return clamp({ row: row + (shiftKey ? -1 : 1), col }, size);
    case "Tab":
      if (shiftKey) {
        return col > 0 ? { row, col: col - 1 } : clamp({ row: row - 1, col: size.cols - 1 }, size);
      }
      return col < size.cols - 1 ? { row, col: col + 1 } : clamp({ row: row + 1, col: 0 }, size);
    case "Home":
      return ctrlKey ? { row: 0, col: 0 } : { row, col: 0 };
    case "End":
      return ctrlKey ? clamp({ row: size.rows - 1, col: size.cols - 1 }, size) : clamp({ row, col: size.cols - 1 }, size);
    default:
      return null;
  }
}

/** A key that starts typing into the active cell (a printable character). */
export function startsTyping(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey;
}

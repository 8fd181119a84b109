/**
 * Progressive enhancement for "Copy" buttons: `<button data-copy="ID" hidden>` copies the text of
 * the element with that id. Without JavaScript the buttons stay hidden and the text can be
 * selected by hand or downloaded.
 */
import { speak } from './live-region.ts';

/** Says `message` in the button's status, again when the reader copies twice (live-region.ts). */
function announce(button: HTMLButtonElement, message: string): void {
  const status = document.getElementById(button.dataset['copyStatus'] ?? '');
  if (status) speak(status, message);
}

function selectText(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset['copy'] ?? '');
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent ?? '');
      announce(button, 'Copied to the clipboard.');
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): select it for the reader.
      selectText(source);
      announce(button, 'Selected: press Ctrl+C (⌘C) to copy.');
    }
  });
}

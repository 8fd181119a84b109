/**
 * "Download .bib" saved from the page itself. The .bib is a file of the site that the service worker
 * does not store for offline use (a second file a paper would double what it stores), so with the
 * network off the browser's download failed without a word; and a browser that thinks it is online
 * on a network that answers nothing cannot be told apart beforehand (`navigator.onLine` said true
 * then). The page holds the very same entry (its BibTeX block is the file's text), so with
 * JavaScript the link saves that, online or not. Without JavaScript it downloads the file.
 */
for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-save-from]')) {
  link.addEventListener('click', (event) => {
    const source = document.getElementById(link.dataset['saveFrom'] ?? '');
    if (!source) return;
    event.preventDefault();
    const saved = document.createElement('a');
    saved.href = URL.createObjectURL(new Blob([source.textContent], { type: 'application/x-bibtex' }));
    saved.download = link.download;
    saved.click();
    setTimeout(() => URL.revokeObjectURL(saved.href), 10_000);
  });
}

/**
 * Says `message` through the live region `region`: emptied first and given its words a moment
 * later. A screen reader announces a change to a live region, so a region that arrives already
 * holding its text, or is set to the text it already holds (a second "Copied"), says nothing.
 */
export function speak(region: HTMLElement, message: string): void {
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 100);
}

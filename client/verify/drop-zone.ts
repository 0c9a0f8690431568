/**
 * A file drop zone: a visible region that accepts a dragged file, plus the labelled file input inside it
 * for keyboard and touch users. Calls `onFile` with the first file either way.
 */
export function wireDropZone(
  zone: HTMLElement,
  input: HTMLInputElement,
  onFile: (file: File) => void
): void {
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) onFile(file);
    input.value = ''; // choosing the same file again fires change again
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const file = e.dataTransfer?.files[0];
    if (file) onFile(file);
  });
}

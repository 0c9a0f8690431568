/**
 * A QR code as inline SVG, drawn from the module matrix of the maintained `qrcode` encoder (error
 * correction M, 4-module quiet zone). Built with DOM calls — one <path> of unit squares — so it needs
 * no canvas, no data: URL and no innerHTML, and prints sharp at any size.
 */
import QRCode from 'qrcode';

const SVG = 'http://www.w3.org/2000/svg';
const QUIET = 4;

export function qrSvg(text: string, label: string): SVGSVGElement {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const side = n + 2 * QUIET;
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (modules.get(r, c)) d += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'qr');
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', String(side));
  bg.setAttribute('height', String(side));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

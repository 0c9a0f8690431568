/** A CSV download: UTF-8 text with the file name the browser saves it under. */
import type { Response } from 'express';

export function sendCsv(res: Response, csv: string, filename: string): void {
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .send(csv);
}

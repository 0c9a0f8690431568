/**
 * Witness invitations of draws (migration 0030, draw_witnesses): row ↔ shape mapping only. The public
 * witness id (W-1, …) is what the spec and the log name; the account id stays here.
 */
import type { Db } from '../connection.js';

export interface WitnessRecord {
  drawId: string;
  witnessId: string;
  userId: number;
  name: string;
  invitedAt: string;
  commitment: string | null;
  committedAt: string | null;
  secret: string | null;
  revealedAt: string | null;
  rejectedAttempts: number;
  missing: boolean;
}

interface WitnessRow {
  draw_id: string;
  witness_id: string;
  user_id: number;
  name: string;
  invited_at: string;
  commitment: string | null;
  committed_at: string | null;
  secret: string | null;
  revealed_at: string | null;
  rejected_attempts: number;
  missing: number;
}

const toWitness = (r: WitnessRow): WitnessRecord => ({
  drawId: r.draw_id,
  witnessId: r.witness_id,
  userId: r.user_id,
  name: r.name,
  invitedAt: r.invited_at,
  commitment: r.commitment,
  committedAt: r.committed_at,
  secret: r.secret,
  revealedAt: r.revealed_at,
  rejectedAttempts: r.rejected_attempts,
  missing: r.missing === 1,
});

/** Witnesses in invitation order (W-1, W-2, …). */
export function listWitnesses(db: Db, drawId: string): WitnessRecord[] {
  return (
    db
      .prepare('SELECT * FROM draw_witnesses WHERE draw_id = ? ORDER BY rowid')
      .all(drawId) as WitnessRow[]
  ).map(toWitness);
}

export function findWitnessByUser(
  db: Db,
  drawId: string,
  userId: number
): WitnessRecord | undefined {
  const r = db
    .prepare('SELECT * FROM draw_witnesses WHERE draw_id = ? AND user_id = ?')
    .get(drawId, userId) as WitnessRow | undefined;
  return r ? toWitness(r) : undefined;
}

/** A user's invitations across draws, newest draw first. */
export function witnessInvitationsOf(db: Db, userId: number): WitnessRecord[] {
  return (
    db
      .prepare('SELECT * FROM draw_witnesses WHERE user_id = ? ORDER BY rowid DESC')
      .all(userId) as WitnessRow[]
  ).map(toWitness);
}

export function insertWitness(
  db: Db,
  w: { drawId: string; witnessId: string; userId: number; name: string; at: string }
): void {
  db.prepare(
    'INSERT INTO draw_witnesses (draw_id, witness_id, user_id, name, invited_at) VALUES (?, ?, ?, ?, ?)'
  ).run(w.drawId, w.witnessId, w.userId, w.name, w.at);
}

export function setCommitment(
  db: Db,
  drawId: string,
  witnessId: string,
  commitment: string,
  at: string
): void {
  db.prepare(
    'UPDATE draw_witnesses SET commitment = ?, committed_at = ? WHERE draw_id = ? AND witness_id = ?'
  ).run(commitment, at, drawId, witnessId);
}

export function setReveal(db: Db, drawId: string, witnessId: string, secret: string, at: string) {
  db.prepare(
    'UPDATE draw_witnesses SET secret = ?, revealed_at = ? WHERE draw_id = ? AND witness_id = ?'
  ).run(secret, at, drawId, witnessId);
}

export function countRejectedReveal(db: Db, drawId: string, witnessId: string): void {
  db.prepare(
    'UPDATE draw_witnesses SET rejected_attempts = rejected_attempts + 1 WHERE draw_id = ? AND witness_id = ?'
  ).run(drawId, witnessId);
}

export function markMissing(db: Db, drawId: string, witnessIds: readonly string[]): void {
  const st = db.prepare(
    'UPDATE draw_witnesses SET missing = 1 WHERE draw_id = ? AND witness_id = ?'
  );
  for (const w of witnessIds) st.run(drawId, w);
}

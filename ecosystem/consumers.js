// @ts-check
/** The TypeScript consumers (filled in below). */
/** @param {(message: string) => void} _step @returns {Promise<string[]>} */
export async function runConsumers(_step) {
  return [];
}

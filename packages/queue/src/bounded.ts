// Bounds a shutdown step: `close()` of a BullMQ worker or queue can hang when Redis is gone, and a
// hanging close must not keep the process alive (BullMQ docs "Going to production").
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<"done" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([work.then(() => "done" as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

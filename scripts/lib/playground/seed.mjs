export async function seedSandbox() { return []; }

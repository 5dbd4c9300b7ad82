/** Escapes LIKE's wildcards in user input, so a search for "50%" finds "50%" and not everything after "50". */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

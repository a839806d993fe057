import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * The next free number of a sequence (action ids). A replica takes a block of numbers
 * at a time with one atomic update, then hands them out from memory.
 */
export const IdBlockEntity = defineEntity({
  name: "IdBlock",
  tableName: "id_blocks",
  properties: {
    name: p.string().primary(),
    nextId: p.bigint("number"),
  },
});

export type IdBlock = InferEntity<typeof IdBlockEntity>;

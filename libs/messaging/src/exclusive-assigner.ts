import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** Name of the {@link exclusiveAssigner} protocol; every member of such a group must use it. */
export const EXCLUSIVE_PROTOCOL = 'KeelExclusive';

const OWNER = Buffer.from([1]);
const STANDBY = Buffer.from([0]);

/** Whether this member holds every partition (read by the assigner when the group rebalances). */
export interface Ownership {
  owning: boolean;
}

/**
 * A partition assigner for roles that must see every event and have one active instance (the
 * scheduler): all partitions of every topic go to one member, the others stand by with none. The
 * member that owns them keeps them across rebalances (it says so in its join metadata), so a standby
 * joining does not move leadership; when the owner leaves or dies, the group gives everything to
 * another member.
 */
export function exclusiveAssigner(ownership: Ownership): PartitionAssigner {
  return ({ cluster }) => ({
    name: EXCLUSIVE_PROTOCOL,
    version: 1,
    protocol: ({ topics }) => ({
      name: EXCLUSIVE_PROTOCOL,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: ownership.owning ? OWNER : STANDBY }),
    }),
    assign: async ({ members, topics }) => {
      const owners = members.filter((m) => AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData.equals(OWNER));
      const owner = (owners.length > 0 ? owners : members).map((m) => m.memberId).sort()[0];
      const everything: Record<string, number[]> = {};
      for (const topic of topics) everything[topic] = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: memberId === owner ? everything : {}, userData: Buffer.alloc(0) }),
      }));
    },
  });
}

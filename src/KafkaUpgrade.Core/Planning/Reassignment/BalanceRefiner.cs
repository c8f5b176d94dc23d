namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// Evens out what the greedy choice could not: when a partition loses several replicas at once, its later slots
/// may be forced onto a node that is already ahead. Moves single replacement slots from the most loaded new node
/// to the least loaded one while the rules still hold (distinct nodes, no new rack collision), first for preferred
/// leaders, then for replicas without disturbing the leader balance.
/// </summary>
internal sealed class BalanceRefiner
{
    private readonly IReadOnlyList<int> _targets;
    private readonly IReadOnlyDictionary<int, string?> _rackOf;
    private readonly List<(int[] Target, int Slot)> _slots;
    private readonly Dictionary<int, int> _replicas;
    private readonly Dictionary<int, int> _leaders;
    private readonly HashSet<int[]> _leaderSlotReplaced = new(ReferenceEqualityComparer.Instance);

    public BalanceRefiner(IReadOnlyList<int> targets, IReadOnlyDictionary<int, string?> rackOf, List<(int[] Target, int Slot)> replacedSlots)
    {
        _targets = targets;
        _rackOf = rackOf;
        _slots = replacedSlots;
        _replicas = targets.ToDictionary(t => t, _ => 0);
        _leaders = targets.ToDictionary(t => t, _ => 0);
        foreach (var (target, slot) in replacedSlots)
        {
            _replicas[target[slot]]++;
            if (slot == 0)
            {
                _leaders[target[0]]++;
                _leaderSlotReplaced.Add(target);
            }
        }
    }

    public void Refine()
    {
        if (_targets.Count < 2)
        {
            return;
        }

        // Replicas first (any replaced slot may move), then preferred leaders: preferably by swapping the leader
        // slot with another replaced slot of the same partition, which leaves replica counts as they are. Each
        // accepted step strictly lowers the sum of squared counts, so the loops end; the cap is a guard only.
        var cap = _slots.Count + _targets.Count;
        for (var i = 0; i < cap && Improve(_replicas, TryMoveReplica); i++)
        {
        }

        for (var i = 0; i < cap && Improve(_leaders, TryMoveLeader); i++)
        {
        }
    }

    private bool Improve(Dictionary<int, int> counts, Func<int, int, bool> tryMove)
    {
        foreach (var from in _targets.OrderByDescending(t => counts[t]).ThenBy(t => t))
        {
            foreach (var to in _targets.Where(t => counts[from] - counts[t] > 1).OrderBy(t => counts[t]).ThenBy(t => t))
            {
                if (tryMove(from, to))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool TryMoveReplica(int from, int to)
    {
        foreach (var (target, slot) in _slots)
        {
            if (target[slot] == from && Array.IndexOf(target, to) < 0 && RackAllows(target, slot, to) &&
                (slot != 0 || _leaders[from] - _leaders[to] >= 1))
            {
                Assign(target, slot, to);
                return true;
            }
        }

        return false;
    }

    private bool TryMoveLeader(int from, int to)
    {
        // A swap inside one partition: leader slot on `from`, another replaced slot on `to`.
        foreach (var (target, slot) in _slots)
        {
            if (slot != 0 && target[slot] == to && target[0] == from && IsReplaced(target, 0))
            {
                (target[0], target[slot]) = (to, from);
                _leaders[from]--;
                _leaders[to]++;
                return true;
            }
        }

        // Otherwise move the leader slot, if the replica balance can afford it.
        if (_replicas[from] - _replicas[to] < 1)
        {
            return false;
        }

        foreach (var (target, slot) in _slots)
        {
            if (slot == 0 && target[0] == from && Array.IndexOf(target, to) < 0 && RackAllows(target, 0, to))
            {
                Assign(target, 0, to);
                return true;
            }
        }

        return false;
    }

    private bool IsReplaced(int[] target, int slot) => slot == 0 && _leaderSlotReplaced.Contains(target);

    private void Assign(int[] target, int slot, int to)
    {
        var from = target[slot];
        target[slot] = to;
        _replicas[from]--;
        _replicas[to]++;
        if (slot == 0)
        {
            _leaders[from]--;
            _leaders[to]++;
        }
    }

    /// <summary>The new node may take the slot if its rack is the old one's or one no other replica uses.</summary>
    private bool RackAllows(int[] target, int slot, int candidate)
    {
        var rack = _rackOf.GetValueOrDefault(candidate);
        if (rack == _rackOf.GetValueOrDefault(target[slot]))
        {
            return true;
        }

        for (var i = 0; i < target.Length; i++)
        {
            if (i != slot && _rackOf.GetValueOrDefault(target[i]) == rack)
            {
                return false;
            }
        }

        return true;
    }
}

namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// Evens out what the greedy choice could not: when a partition loses several replicas at once, its later slots
/// may be forced onto a node that is already ahead. Moves single replacement slots from a more loaded new node to
/// a less loaded one while the rules still hold (distinct nodes, no new rack collision): replicas first, then
/// preferred leaders, preferably by swapping the leader slot with another replaced slot of the same partition
/// (which leaves replica counts alone). Moves within a rack never break rack spread and are tried first.
/// </summary>
internal sealed class BalanceRefiner
{
    private readonly IReadOnlyList<int> _targets;
    private readonly IReadOnlyDictionary<int, string?> _rackOf;
    private readonly Dictionary<int, List<(int[] Target, int Slot)>> _slotsOf;
    private readonly Dictionary<int, int> _replicas;
    private readonly Dictionary<int, int> _leaders;
    private readonly HashSet<int[]> _leaderSlotReplaced = new(ReferenceEqualityComparer.Instance);
    private readonly int _slotCount;

    public BalanceRefiner(IReadOnlyList<int> targets, IReadOnlyDictionary<int, string?> rackOf, List<(int[] Target, int Slot)> replacedSlots)
    {
        _targets = targets;
        _rackOf = rackOf;
        _slotCount = replacedSlots.Count;
        _replicas = targets.ToDictionary(t => t, _ => 0);
        _leaders = targets.ToDictionary(t => t, _ => 0);
        _slotsOf = targets.ToDictionary(t => t, _ => new List<(int[] Target, int Slot)>());
        foreach (var (target, slot) in replacedSlots)
        {
            _slotsOf[target[slot]].Add((target, slot));
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

        // Each accepted step strictly lowers the sum of squared counts, so the loops end; the cap is a guard only.
        var cap = _slotCount + _targets.Count;
        foreach (var sameRackOnly in new[] { true, false })
        {
            for (var i = 0; i < cap && Improve(_replicas, TryMoveReplica, sameRackOnly); i++)
            {
            }
        }

        foreach (var sameRackOnly in new[] { true, false })
        {
            for (var i = 0; i < cap && Improve(_leaders, TryMoveLeader, sameRackOnly); i++)
            {
            }
        }
    }

    private bool Improve(Dictionary<int, int> counts, Func<int, int, bool> tryMove, bool sameRackOnly)
    {
        foreach (var from in _targets.OrderByDescending(t => counts[t]).ThenBy(t => t))
        {
            var rack = _rackOf.GetValueOrDefault(from);
            foreach (var to in _targets.Where(t => counts[from] - counts[t] > 1 && (!sameRackOnly || _rackOf.GetValueOrDefault(t) == rack))
                         .OrderBy(t => counts[t]).ThenBy(t => t))
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
        foreach (var (target, slot) in _slotsOf[from])
        {
            if (Array.IndexOf(target, to) < 0 && RackAllows(target, slot, to) && (slot != 0 || _leaders[from] - _leaders[to] >= 1))
            {
                Assign(target, slot, to);
                return true;
            }
        }

        return false;
    }

    private bool TryMoveLeader(int from, int to)
    {
        // A swap inside one partition: the leader slot on `from`, another replaced slot on `to`.
        foreach (var (target, slot) in _slotsOf[to])
        {
            if (slot != 0 && target[0] == from && _leaderSlotReplaced.Contains(target))
            {
                Swap(target, slot);
                return true;
            }
        }

        // Otherwise move the leader slot itself, if the replica balance can afford it.
        if (_replicas[from] - _replicas[to] < 1)
        {
            return false;
        }

        foreach (var (target, slot) in _slotsOf[from])
        {
            if (slot == 0 && Array.IndexOf(target, to) < 0 && RackAllows(target, 0, to))
            {
                Assign(target, 0, to);
                return true;
            }
        }

        return false;
    }

    private void Assign(int[] target, int slot, int to)
    {
        var from = target[slot];
        _slotsOf[from].Remove((target, slot));
        _slotsOf[to].Add((target, slot));
        target[slot] = to;
        _replicas[from]--;
        _replicas[to]++;
        if (slot == 0)
        {
            _leaders[from]--;
            _leaders[to]++;
        }
    }

    private void Swap(int[] target, int slot)
    {
        var leader = target[0];
        var other = target[slot];
        _slotsOf[leader].Remove((target, 0));
        _slotsOf[other].Remove((target, slot));
        (target[0], target[slot]) = (other, leader);
        _slotsOf[other].Add((target, 0));
        _slotsOf[leader].Add((target, slot));
        _leaders[leader]--;
        _leaders[other]++;
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

namespace KafkaUpgrade.ZooKeeper;

/// <summary>
/// ZooKeeper's error codes, with the values the server puts in a reply header
/// (<c>org.apache.zookeeper.KeeperException.Code</c>, ZooKeeper 3.8). <see cref="ZooKeeperErrors.Name"/> gives the
/// name ZooKeeper itself prints (NONODE, BADVERSION, ...).
/// </summary>
public enum ZooKeeperError
{
    /// <summary>OK.</summary>
    Ok = 0,

    /// <summary>SYSTEMERROR.</summary>
    SystemError = -1,

    /// <summary>RUNTIMEINCONSISTENCY.</summary>
    RuntimeInconsistency = -2,

    /// <summary>DATAINCONSISTENCY.</summary>
    DataInconsistency = -3,

    /// <summary>CONNECTIONLOSS: the connection broke; a request in flight may or may not have been applied.</summary>
    ConnectionLoss = -4,

    /// <summary>MARSHALLINGERROR: a frame could not be encoded or decoded (also: a length beyond the frame limit).</summary>
    MarshallingError = -5,

    /// <summary>UNIMPLEMENTED.</summary>
    Unimplemented = -6,

    /// <summary>OPERATIONTIMEOUT: no reply within the request timeout.</summary>
    OperationTimeout = -7,

    /// <summary>BADARGUMENTS.</summary>
    BadArguments = -8,

    /// <summary>UNKNOWNSESSION.</summary>
    UnknownSession = -12,

    /// <summary>NEWCONFIGNOQUORUM.</summary>
    NewConfigNoQuorum = -13,

    /// <summary>RECONFIGINPROGRESS.</summary>
    ReconfigInProgress = -14,

    /// <summary>APIERROR.</summary>
    ApiError = -100,

    /// <summary>NONODE: the node does not exist.</summary>
    NoNode = -101,

    /// <summary>NOAUTH: not authorised for this operation.</summary>
    NoAuth = -102,

    /// <summary>BADVERSION: the expected version does not match the node's.</summary>
    BadVersion = -103,

    /// <summary>NOCHILDRENFOREPHEMERALS.</summary>
    NoChildrenForEphemerals = -108,

    /// <summary>NODEEXISTS.</summary>
    NodeExists = -110,

    /// <summary>NOTEMPTY: the node has children.</summary>
    NotEmpty = -111,

    /// <summary>SESSIONEXPIRED: the server expired the session; ephemeral nodes are gone; a new client is needed.</summary>
    SessionExpired = -112,

    /// <summary>INVALIDCALLBACK.</summary>
    InvalidCallback = -113,

    /// <summary>INVALIDACL.</summary>
    InvalidAcl = -114,

    /// <summary>AUTHFAILED.</summary>
    AuthFailed = -115,

    /// <summary>SESSIONMOVED.</summary>
    SessionMoved = -118,

    /// <summary>NOTREADONLY.</summary>
    NotReadOnly = -119,

    /// <summary>EPHEMERALONLOCALSESSION.</summary>
    EphemeralOnLocalSession = -120,

    /// <summary>NOWATCHER.</summary>
    NoWatcher = -121,

    /// <summary>REQUESTTIMEOUT.</summary>
    RequestTimeout = -122,

    /// <summary>RECONFIGDISABLED.</summary>
    ReconfigDisabled = -123,

    /// <summary>SESSIONCLOSEDREQUIRESASLAUTH.</summary>
    SessionClosedRequireSaslAuth = -124,

    /// <summary>QUOTAEXCEEDED.</summary>
    QuotaExceeded = -125,

    /// <summary>THROTTLEDOP.</summary>
    ThrottledOp = -127,
}

/// <summary>Names of <see cref="ZooKeeperError"/> values as ZooKeeper prints them.</summary>
public static class ZooKeeperErrors
{
    /// <summary>The upper-case name ZooKeeper uses (<c>KeeperException.Code.name()</c>), e.g. NONODE; unknown codes print as the number.</summary>
    public static string Name(this ZooKeeperError error) =>
        Enum.IsDefined(error) ? error.ToString().ToUpperInvariant() : ((int)error).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

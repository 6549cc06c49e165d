<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About GDS Management View</source>
        <translation>GDS Management View について</translation>
    </message>
    <message>
        <source>A replica of PRIMECLUSTER GDS Management View, over a volume manager that keeps its disks in image files: a training lab for GDS operations.</source>
        <translation>PRIMECLUSTER GDS Management View のレプリカです。ディスクをイメージファイルで持つボリュームマネージャの上で動作する、GDS 操作の演習環境です。</translation>
    </message>
    <message>
        <source>Workspace:</source>
        <translation>ワークスペース:</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>not a folder</source>
        <translation>フォルダではありません</translation>
    </message>
    <message>
        <source>not a gdsview workspace (no gdsview.db) and not empty: choose an empty folder for a new demo lab, or a workspace folder</source>
        <translation>gdsview のワークスペースではなく (gdsview.db がありません)、空でもありません。新しいデモ演習環境には空のフォルダを、既存のワークスペースにはそのフォルダを選択してください</translation>
    </message>
</context>
<context>
    <name>ChangeAttributesDialog</name>
    <message>
        <source>Change Attributes</source>
        <translation>属性変更</translation>
    </message>
    <message>
        <source>Attributes of class {name}</source>
        <translation>クラス {name} の属性</translation>
    </message>
    <message>
        <source>Attributes of disk {name}</source>
        <translation>ディスク {name} の属性</translation>
    </message>
    <message>
        <source>Attributes of volume {name}</source>
        <translation>ボリューム {name} の属性</translation>
    </message>
    <message>
        <source>Attributes of slice {name}</source>
        <translation>スライス {name} の属性</translation>
    </message>
    <message>
        <source>Class &amp;Name:</source>
        <translation>クラス名(&amp;N):</translation>
    </message>
    <message>
        <source>Disk &amp;Name:</source>
        <translation>ディスク名(&amp;N):</translation>
    </message>
    <message>
        <source>Volume &amp;Name:</source>
        <translation>ボリューム名(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;JRM (Just Resynchronization Mechanism): after a crash, copy only the regions that were being written</source>
        <translation>JRM (ジャストリシンクロナイゼーション機構)(&amp;J): 異常終了後、書込み中だった領域だけをコピー</translation>
    </message>
    <message>
        <source>&amp;JRM: copy only the regions changed while detached (it can only be turned off)</source>
        <translation>JRM(&amp;J): 切離し中に変更された領域だけをコピー (オフにすることだけができます)</translation>
    </message>
    <message>
        <source>&amp;Read and write possible</source>
        <translation>読み書き可能(&amp;R)</translation>
    </message>
    <message>
        <source>Read &amp;only possible</source>
        <translation>読み取りのみ可能(&amp;O)</translation>
    </message>
    <message>
        <source>Access Mode:</source>
        <translation>アクセスモード:</translation>
    </message>
    <message>
        <source>JRM on</source>
        <translation>JRM オン</translation>
    </message>
    <message>
        <source>name: {old} → {new}</source>
        <translation>名前: {old} → {new}</translation>
    </message>
    <message>
        <source>JRM: on</source>
        <translation>JRM: オン</translation>
    </message>
    <message>
        <source>JRM: off</source>
        <translation>JRM: オフ</translation>
    </message>
    <message>
        <source>access mode: read only</source>
        <translation>アクセスモード: 読み取りのみ可能</translation>
    </message>
    <message>
        <source>access mode: read and write</source>
        <translation>アクセスモード: 読み書き可能</translation>
    </message>
</context>
<context>
    <name>ClassConfigurationDialog</name>
    <message>
        <source>Class Configuration</source>
        <translation>クラスの構成</translation>
    </message>
    <message>
        <source>An existing class, or type the name of a new one</source>
        <translation>既存のクラスを選択するか、新しいクラスの名前を入力します</translation>
    </message>
    <message>
        <source>Physical disks</source>
        <translation>物理ディスク</translation>
    </message>
    <message>
        <source>Physical Disk</source>
        <translation>物理ディスク</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Registered As</source>
        <translation>登録名</translation>
    </message>
    <message>
        <source>Disk name</source>
        <translation>ディスク名</translation>
    </message>
    <message>
        <source>Cr&amp;eate Physical Disk...</source>
        <translation>物理ディスクの作成(&amp;E)...</translation>
    </message>
    <message>
        <source>Disk &amp;Speed...</source>
        <translation>ディスクの速度(&amp;S)...</translation>
    </message>
    <message>
        <source>Change the speed of the selected physical disk</source>
        <translation>選択した物理ディスクの速度を変更します</translation>
    </message>
    <message>
        <source>&amp;Add  &gt;</source>
        <translation>追加(&amp;A)  &gt;</translation>
    </message>
    <message>
        <source>Add: register the physical disk in the class</source>
        <translation>追加: 物理ディスクをクラスに登録</translation>
    </message>
    <message>
        <source>&lt;  &amp;Remove</source>
        <translation>&lt;  削除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the disk from the class</source>
        <translation>ディスクをクラスから削除</translation>
    </message>
    <message>
        <source>Disks of the class</source>
        <translation>クラスのディスク</translation>
    </message>
    <message>
        <source>Disk Name</source>
        <translation>ディスク名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>タイプ</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>グループ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>&amp;Disks of the class:</source>
        <translation>クラスのディスク(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Physical disks:</source>
        <translation>物理ディスク(&amp;P):</translation>
    </message>
    <message>
        <source>Register as disk na&amp;me:</source>
        <translation>登録するディスク名(&amp;M):</translation>
    </message>
    <message>
        <source>Type: {type}</source>
        <translation>タイプ: {type}</translation>
    </message>
    <message>
        <source>(a new class, created with its first disk)</source>
        <translation>(新しいクラス: 最初のディスクの登録で作成されます)</translation>
    </message>
    <message>
        <source>free</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>{device}: {size}, {speed}, registered as {disk} in {cls}</source>
        <translation>{device}: {size}、{speed}、{cls} に {disk} として登録済み</translation>
    </message>
    <message>
        <source>Physical disk {device} ({size}, {speed}) created.</source>
        <translation>物理ディスク {device} ({size}、{speed}) を作成しました。</translation>
    </message>
    <message>
        <source>Create physical disk {device} ({size}, {speed})?

A sparse disk image file in the workspace.</source>
        <translation>物理ディスク {device} ({size}、{speed}) を作成します。よろしいですか？

ワークスペース内のスパースなディスクイメージファイルです。</translation>
    </message>
    <message>
        <source>Disk Speed</source>
        <translation>ディスクの速度</translation>
    </message>
    <message>
        <source>Physical disk {device} now serves {speed}.</source>
        <translation>物理ディスク {device} の速度を {speed} にしました。</translation>
    </message>
    <message>
        <source>Set the speed of physical disk {device} to {speed}?

Every read and write of it, by every program using the workspace, is paced by it from now on.</source>
        <translation>物理ディスク {device} の速度を {speed} にします。よろしいですか？

これ以降、ワークスペースを使うすべてのプログラムによる読み書きがこの速度に従います。</translation>
    </message>
    <message>
        <source>&amp;Disks of {cls}:</source>
        <translation>{cls} のディスク(&amp;D):</translation>
    </message>
    <message>
        <source>Class name: {problem}</source>
        <translation>クラス名: {problem}</translation>
    </message>
    <message>
        <source>Disk name: {problem}</source>
        <translation>ディスク名: {problem}</translation>
    </message>
    <message>
        <source>Select a free physical disk to register it in the class.</source>
        <translation>クラスに登録する未使用の物理ディスクを選択してください。</translation>
    </message>
    <message>
        <source>Every physical disk is registered: create a new one to register it.</source>
        <translation>すべての物理ディスクが登録済みです。登録するには新しい物理ディスクを作成してください。</translation>
    </message>
    <message>
        <source>Register physical disk {device} as {disk} in class {cls}</source>
        <translation>物理ディスク {device} をクラス {cls} に {disk} として登録します</translation>
    </message>
    <message>
        <source>Select a disk of the class to remove it.</source>
        <translation>削除するクラスのディスクを選択してください。</translation>
    </message>
    <message>
        <source>Remove disk {disk} from class {cls}</source>
        <translation>ディスク {disk} をクラス {cls} から削除します</translation>
    </message>
    <message>
        <source>Make a new physical disk (a sparse disk image)</source>
        <translation>新しい物理ディスク (スパースなディスクイメージ) を作成します</translation>
    </message>
    <message>
        <source>Select a physical disk first.</source>
        <translation>先に物理ディスクを選択してください。</translation>
    </message>
    <message>
        <source>Change the speed of physical disk {device}</source>
        <translation>物理ディスク {device} の速度を変更します</translation>
    </message>
    <message>
        <source>Physical disk {device} registered as {disk} in class {cls}.</source>
        <translation>物理ディスク {device} をクラス {cls} に {disk} として登録しました。</translation>
    </message>
    <message>
        <source>Register physical disk {device} as disk {disk} in class {cls}?</source>
        <translation>物理ディスク {device} をクラス {cls} にディスク {disk} として登録します。よろしいですか？</translation>
    </message>
    <message>
        <source>Class {cls} is created with it.</source>
        <translation>クラス {cls} はこのディスクとともに作成されます。</translation>
    </message>
    <message>
        <source>Disk {disk}{device} removed from class {cls}.</source>
        <translation>ディスク {disk}{device} をクラス {cls} から削除しました。</translation>
    </message>
    <message>
        <source>Remove disk {disk}{device} from class {cls}?

The physical disk stays in the workspace and can be registered again.</source>
        <translation>ディスク {disk}{device} をクラス {cls} から削除します。よろしいですか？

物理ディスクはワークスペースに残り、再び登録できます。</translation>
    </message>
    <message>
        <source>This is the last disk of the class: the class is removed too.</source>
        <translation>クラスの最後のディスクです。クラスも削除されます。</translation>
    </message>
    <message>
        <source>Create Physical Disk</source>
        <translation>物理ディスクの作成</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>yes</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>no</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>Volume Name</source>
        <translation>ボリューム名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>グループ</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>File System</source>
        <translation>ファイルシステム</translation>
    </message>
    <message>
        <source>In Use</source>
        <translation>使用状況</translation>
    </message>
    <message>
        <source>Mount Point</source>
        <translation>マウントポイント</translation>
    </message>
    <message>
        <source>{path}
{status}, {size} in group {group}</source>
        <translation>{path}
{status}、{size}、グループ {group}</translation>
    </message>
    <message>
        <source>in use: open or mounted through the device server</source>
        <translation>使用中: デバイスサーバを通じてオープンまたはマウントされています</translation>
    </message>
    <message>
        <source>mounted on {target}</source>
        <translation>{target} にマウント中</translation>
    </message>
    <message>
        <source>Disk Name</source>
        <translation>ディスク名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>タイプ</translation>
    </message>
    <message>
        <source>Physical Disk</source>
        <translation>物理ディスク</translation>
    </message>
    <message>
        <source>Slice Name</source>
        <translation>スライス名</translation>
    </message>
    <message>
        <source>Access Mode</source>
        <translation>アクセスモード</translation>
    </message>
    <message>
        <source>Copy Progress</source>
        <translation>コピーの進捗</translation>
    </message>
    <message>
        <source>Read and write</source>
        <translation>読み書き可能</translation>
    </message>
    <message>
        <source>Read only</source>
        <translation>読み取りのみ可能</translation>
    </message>
    <message>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>access path {path}</source>
        <translation>アクセスパス {path}</translation>
    </message>
    <message>
        <source>in use: its access path is open (or mounted)</source>
        <translation>使用中: アクセスパスがオープン (またはマウント) されています</translation>
    </message>
    <message>
        <source>Date/Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>発生元</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>残り {time}</translation>
    </message>
</context>
<context>
    <name>ConfigTreeModel</name>
    <message>
        <source>node {node}: {state}</source>
        <translation>ノード {node}: {state}</translation>
    </message>
    <message>
        <source>Configuration Tree</source>
        <translation>構成ツリー</translation>
    </message>
</context>
<context>
    <name>CopyPlot</name>
    <message>
        <source>Copy throughput and progress</source>
        <translation>コピーのスループットと進捗</translation>
    </message>
    <message>
        <source>Throughput (MiB/s)</source>
        <translation>スループット (MiB/s)</translation>
    </message>
    <message>
        <source>Progress (%)</source>
        <translation>進捗 (%)</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>時間 (秒)</translation>
    </message>
    <message>
        <source>Copies shown</source>
        <translation>表示中のコピー</translation>
    </message>
    <message>
        <source>No copy yet.</source>
        <translation>コピーはまだありません。</translation>
    </message>
</context>
<context>
    <name>CoreMessage</name>
    <message>
        <source>no such volume</source>
        <extracomment>The core&apos;s messages (core.policy.rules, core.policy.manager, core.names, lab.backup, lab.observer ...).</extracomment>
        <translation>ボリュームが存在しません</translation>
    </message>
    <message>
        <source>no such slice</source>
        <translation>スライスが存在しません</translation>
    </message>
    <message>
        <source>no such class</source>
        <translation>クラスが存在しません</translation>
    </message>
    <message>
        <source>no such group</source>
        <translation>グループが存在しません</translation>
    </message>
    <message>
        <source>no such disk</source>
        <translation>ディスクが存在しません</translation>
    </message>
    <message>
        <source>no such physical disk</source>
        <translation>物理ディスクが存在しません</translation>
    </message>
    <message>
        <source>no such backup file</source>
        <translation>バックアップファイルが存在しません</translation>
    </message>
    <message>
        <source>volume is smaller than the backup ({size} &lt; {needed} bytes)</source>
        <translation>ボリュームがバックアップより小さいです ({size} &lt; {needed} バイト)</translation>
    </message>
    <message>
        <source>no checksum file beside the backup ({file}): it cannot be restored</source>
        <translation>バックアップの横にチェックサムファイル ({file}) がありません: リストアできません</translation>
    </message>
    <message>
        <source>backup checksum mismatch: the file is not the backup that was written; nothing restored</source>
        <translation>バックアップのチェックサムが一致しません: 書き込まれたバックアップではありません。何もリストアしていません</translation>
    </message>
    <message>
        <source>restore cancelled: the volume holds part of the backup; restore it again before use</source>
        <translation>リストアを取り消しました: ボリュームにはバックアップの一部だけがあります。使用する前にもう一度リストアしてください</translation>
    </message>
    <message>
        <source>restore failed: {why}; the volume holds part of the backup</source>
        <translation>リストアに失敗しました: {why}。ボリュームにはバックアップの一部だけがあります</translation>
    </message>
    <message>
        <source>slice is {status}: only an ACTIVE or STOP slice can be detached</source>
        <translation>スライスの状態が {status} です。切り離せるのは ACTIVE または STOP のスライスだけです</translation>
    </message>
    <message>
        <source>cannot detach the only valid slice of the volume</source>
        <translation>ボリュームの唯一の正常なスライスは切り離せません</translation>
    </message>
    <message>
        <source>slice is {status}: only a TEMP or TEMP-STOP slice can be attached</source>
        <translation>スライスの状態が {status} です。組み込めるのは TEMP または TEMP-STOP のスライスだけです</translation>
    </message>
    <message>
        <source>slice is {status}: only a TEMP slice can be stopped</source>
        <translation>スライスの状態が {status} です。停止できるのは TEMP のスライスだけです</translation>
    </message>
    <message>
        <source>slice is {status}: only a TEMP-STOP slice can be activated</source>
        <translation>スライスの状態が {status} です。起動できるのは TEMP-STOP のスライスだけです</translation>
    </message>
    <message>
        <source>slice is stopped (TEMP-STOP): activate it to open its access path</source>
        <translation>スライスは停止しています (TEMP-STOP)。アクセスパスを使うにはスライスを起動してください</translation>
    </message>
    <message>
        <source>slice is {status}: only a detached (TEMP) slice has an access path</source>
        <translation>スライスの状態が {status} です。アクセスパスがあるのは切り離したスライス (TEMP) だけです</translation>
    </message>
    <message>
        <source>volume is {status}: copying runs only on a started volume</source>
        <translation>ボリュームの状態が {status} です。等価性コピーは起動中のボリュームでのみ実行できます</translation>
    </message>
    <message>
        <source>no slice needs copying (no INVALID slice, no interrupted copy)</source>
        <translation>等価性コピーが必要なスライスはありません (INVALID のスライスも中断したコピーもありません)</translation>
    </message>
    <message>
        <source>copying is not in progress</source>
        <translation>等価性コピーは実行されていません</translation>
    </message>
    <message>
        <source>volume is already started</source>
        <translation>ボリュームはすでに起動しています</translation>
    </message>
    <message>
        <source>volume has no valid slice (INVALID): it cannot be started</source>
        <translation>ボリュームに正常なスライスがありません (INVALID)。起動できません</translation>
    </message>
    <message>
        <source>volume is already stopped</source>
        <translation>ボリュームはすでに停止しています</translation>
    </message>
    <message>
        <source>copying is in progress: cancel or interrupt it first</source>
        <translation>等価性コピーの実行中です。先にキャンセルまたは中断してください</translation>
    </message>
    <message>
        <source>volume is started: stop it first</source>
        <translation>ボリュームが起動しています。先に停止してください</translation>
    </message>
    <message>
        <source>slice {slice} is detached: attach it first</source>
        <translation>スライス {slice} は切り離されています。先に組み込んでください</translation>
    </message>
    <message>
        <source>name already used by another object of the class</source>
        <translation>この名前はクラスの別のオブジェクトで使用されています</translation>
    </message>
    <message>
        <source>group has no disk</source>
        <translation>グループにディスクがありません</translation>
    </message>
    <message>
        <source>not enough free space in the group: {blocks} blocks requested, {free} free</source>
        <translation>グループの空き容量が不足しています: 要求 {blocks} ブロック、空き {free} ブロック</translation>
    </message>
    <message>
        <source>physical disk is already registered as {owner}</source>
        <translation>物理ディスクはすでに {owner} として登録されています</translation>
    </message>
    <message>
        <source>physical disk is too small ({size} bytes)</source>
        <translation>物理ディスクが小さすぎます ({size} バイト)</translation>
    </message>
    <message>
        <source>disk is connected to group {group}: disconnect it first</source>
        <translation>ディスクはグループ {group} に接続されています。先に切断してください</translation>
    </message>
    <message>
        <source>disk is already connected to group {group}</source>
        <translation>ディスクはすでにグループ {group} に接続されています</translation>
    </message>
    <message>
        <source>disk is too small for group {group}: {size} bytes, volumes end at {end}</source>
        <translation>ディスクがグループ {group} には小さすぎます: {size} バイト、ボリュームの終端は {end}</translation>
    </message>
    <message>
        <source>disk is not connected to group {group}</source>
        <translation>ディスクはグループ {group} に接続されていません</translation>
    </message>
    <message>
        <source>last disk of group {group}, which still has volumes: remove them first</source>
        <translation>グループ {group} の最後のディスクですが、グループにはまだボリュームがあります。先にボリュームを削除してください</translation>
    </message>
    <message>
        <source>slice {slice} is detached ({status}): attach it first</source>
        <translation>スライス {slice} は切り離されています ({status})。先に組み込んでください</translation>
    </message>
    <message>
        <source>copying into slice {slice} is in progress</source>
        <translation>スライス {slice} への等価性コピーの実行中です</translation>
    </message>
    <message>
        <source>disk holds the last valid copy of volume {volume}</source>
        <translation>ディスクにボリューム {volume} の最後の正常なデータがあります</translation>
    </message>
    <message>
        <source>disk is {status}: only a DISABLE (failed) disk can be restored</source>
        <translation>ディスクの状態が {status} です。復旧できるのは DISABLE (故障) のディスクだけです</translation>
    </message>
    <message>
        <source>physical disk already exists</source>
        <translation>物理ディスクはすでに存在します</translation>
    </message>
    <message>
        <source>disk size must be a multiple of 512 bytes and at least 2 MiB</source>
        <translation>ディスクのサイズは 512 バイトの倍数で、2 MiB 以上でなければなりません</translation>
    </message>
    <message>
        <source>volume size must be greater than zero</source>
        <translation>ボリュームのサイズは 0 より大きくなければなりません</translation>
    </message>
    <message>
        <source>no contiguous free extent of {blocks} blocks in the group</source>
        <translation>グループに {blocks} ブロックの連続した空き領域がありません</translation>
    </message>
    <message>
        <source>invalid {kind} name: 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;, not starting with &apos;-&apos; or &apos;_&apos;</source>
        <translation>{kind}名が不正です: 英字、数字、「-」、「_」の 1〜32 文字で、「-」や「_」で始まらない名前にしてください</translation>
    </message>
    <message>
        <source>not a GDS access path</source>
        <translation>GDS のアクセスパスではありません</translation>
    </message>
    <message>
        <source>a backup cannot be written over the workspace&apos;s disk images, database or state</source>
        <translation>ワークスペースのディスクイメージ、データベースや状態ファイルにはバックアップを書き込めません</translation>
    </message>
    <message>
        <source>backup destination is a folder: give a file name</source>
        <translation>バックアップ先がフォルダです。ファイル名を指定してください</translation>
    </message>
    <message>
        <source>backup cancelled; no file was kept</source>
        <translation>バックアップをキャンセルしました。ファイルは残していません</translation>
    </message>
    <message>
        <source>backup failed: {why}; no file was kept</source>
        <translation>バックアップに失敗しました: {why}。ファイルは残していません</translation>
    </message>
    <message>
        <source>{what} is in progress in another process or thread</source>
        <translation>{what} は別のプロセスまたはスレッドで実行中です</translation>
    </message>
    <message>
        <source>copying into {volumes} is in progress: wait or cancel it first</source>
        <translation>{volumes} への等価性コピーの実行中です。完了を待つか、キャンセルしてください</translation>
    </message>
    <message>
        <source>the service is writing to {volumes}: stop it first</source>
        <translation>業務が {volumes} に書き込み中です。先に業務を停止してください</translation>
    </message>
    <message>
        <source>the copy did not stop in time; it will stop at its next chunk</source>
        <translation>等価性コピーが時間内に停止しませんでした。次のチャンクで停止します</translation>
    </message>
    <message>
        <source>the volume runs on {node}, not on {here}: do it on {node} (gdsview --node {node}, or GDSVIEW_NODE={node})</source>
        <translation>ボリュームは {here} ではなく {node} で動作しています。{node} で操作してください (gdsview --node {node}、または GDSVIEW_NODE={node})</translation>
    </message>
    <message>
        <source>the class runs on {node}, not on {here}: do it on {node} (gdsview --node {node}, or GDSVIEW_NODE={node})</source>
        <translation>クラスは {here} ではなく {node} で動作しています。{node} で操作してください (gdsview --node {node}、または GDSVIEW_NODE={node})</translation>
    </message>
    <message>
        <source>its volume {volume} runs on {node}, not on {here}: do it on {node} (gdsview --node {node}, or GDSVIEW_NODE={node})</source>
        <translation>ボリューム {volume} は {here} ではなく {node} で動作しています。{node} で操作してください (gdsview --node {node}、または GDSVIEW_NODE={node})</translation>
    </message>
    <message>
        <source>node {node} is DOWN: nothing can be changed on it until it joins the cluster again</source>
        <translation>ノード {node} は DOWN です。クラスタに再び参入するまで、このノードでは何も変更できません</translation>
    </message>
    <message>
        <source>class is not in the scope of node {node}: no command on {node} can see or change it</source>
        <translation>クラスはノード {node} のスコープ外です。{node} のコマンドからは参照も変更もできません</translation>
    </message>
    <message>
        <source>class is online on no node: switch its service to a node first (gdsview cluster switch -c CLASS --to NODE)</source>
        <translation>クラスはどのノードでも運用されていません。先に業務をノードに切り替えてください (gdsview cluster switch -c CLASS --to NODE)</translation>
    </message>
    <message>
        <source>slice is TEMP on {node}: its access path opens only on that node</source>
        <translation>スライスは {node} で TEMP です。アクセスパスはそのノードでのみ開けます</translation>
    </message>
    <message>
        <source>slice is TEMP on {node}: its access path opens only on that node (not on {here})</source>
        <translation>スライスは {node} で TEMP です。アクセスパスはそのノードでのみ開けます ({here} では開けません)</translation>
    </message>
    <message>
        <source>slice is TEMP-STOP: the nodes switched ({old} to {new}); Activate Slice on {new} makes its access path open there</source>
        <translation>スライスは TEMP-STOP です。ノードが切り替わりました ({old} から {new})。{new} でスライスを起動すると、そこでアクセスパスが開けます</translation>
    </message>
    <message>
        <source>volume is not started on {here}: it runs on {node}</source>
        <translation>ボリュームは {here} で起動していません。{node} で動作しています</translation>
    </message>
    <message>
        <source>node {node} is DOWN: no volume opens on it until it joins the cluster again</source>
        <translation>ノード {node} は DOWN です。クラスタに再び参入するまで、このノードではボリュームを開けません</translation>
    </message>
    <message>
        <source>volume is in use</source>
        <translation>ボリュームは使用中です</translation>
    </message>
    <message>
        <source>slice is in use: its access path is open</source>
        <translation>スライスは使用中です。アクセスパスがオープンされています</translation>
    </message>
    <message>
        <source>volume is {status}: only a started volume has a device</source>
        <translation>ボリュームの状態が {status} です。デバイスがあるのは起動したボリュームだけです</translation>
    </message>
    <message>
        <source>mount point is not a directory</source>
        <translation>マウントポイントがディレクトリではありません</translation>
    </message>
    <message>
        <source>something is already mounted there</source>
        <translation>そこには既に何かがマウントされています</translation>
    </message>
    <message>
        <source>nothing is mounted there</source>
        <translation>そこには何もマウントされていません</translation>
    </message>
    <message>
        <source>the mount of {path} did not appear in the mount table</source>
        <translation>{path} のマウントがマウントテーブルに現れませんでした</translation>
    </message>
    <message>
        <source>the device server is already running (pid {pid})</source>
        <translation>デバイスサーバは既に動作しています (pid {pid})</translation>
    </message>
    <message>
        <source>the device server did not start: {why}</source>
        <translation>デバイスサーバが起動しませんでした: {why}</translation>
    </message>
    <message>
        <source>the device server (pid {pid}) did not stop in time</source>
        <translation>デバイスサーバ (pid {pid}) が時間内に停止しませんでした</translation>
    </message>
    <message>
        <source>devices are in use: {devices}; unmount and close them first (or &apos;gdsview devices down --force&apos;)</source>
        <translation>デバイスが使用中です: {devices}。先にアンマウントしてクローズしてください (または &apos;gdsview devices down --force&apos;)</translation>
    </message>
    <message>
        <source>the device server died and left its devices mounted: use &apos;gdsview devices down --force&apos;</source>
        <translation>デバイスサーバが異常終了し、デバイスがマウントされたままです。&apos;gdsview devices down --force&apos; を使ってください</translation>
    </message>
    <message>
        <source>a device server of this workspace died and left its devices mounted: run &apos;gdsview devices down --force&apos; first</source>
        <translation>このワークスペースのデバイスサーバが異常終了し、デバイスがマウントされたままです。先に &apos;gdsview devices down --force&apos; を実行してください</translation>
    </message>
    <message>
        <source>held by the device server of workspace {workspace} (pid {pid}): stop it first with &apos;gdsview --workspace {again} devices down&apos;</source>
        <translation>ワークスペース {workspace} のデバイスサーバ (pid {pid}) が使用しています。先に &apos;gdsview --workspace {again} devices down&apos; で停止してください</translation>
    </message>
    <message>
        <source>{tool} failed: {why}</source>
        <translation>{tool} が失敗しました: {why}</translation>
    </message>
    <message>
        <source>{tool} is not installed</source>
        <translation>{tool} がインストールされていません</translation>
    </message>
    <message>
        <source>disk is already swapped out (SWAP)</source>
        <translation>ディスクはすでに交換可能な状態です (SWAP)</translation>
    </message>
    <message>
        <source>copying into slice {slice} is in progress: cancel it first (sdxcopy -C)</source>
        <translation>スライス {slice} への等価性コピーの実行中です。先にキャンセルしてください (sdxcopy -C)</translation>
    </message>
    <message>
        <source>slice {slice} is {status}: it cannot be made NOUSE</source>
        <translation>スライス {slice} の状態が {status} です。NOUSE にできません</translation>
    </message>
    <message>
        <source>disk holds the only valid slice of volume {volume} ({slice}): it cannot be swapped out</source>
        <translation>ディスクにボリューム {volume} の唯一の正常なスライス ({slice}) があります。交換できません</translation>
    </message>
    <message>
        <source>disk is {status}: only a swapped-out (SWAP) disk can be restored</source>
        <translation>ディスクの状態が {status} です。復旧できるのは交換可能な状態 (SWAP) のディスクだけです</translation>
    </message>
    <message>
        <source>physical disk {device} is missing: put the replacement in first</source>
        <translation>物理ディスク {device} がありません。先に交換用のディスクを取り付けてください</translation>
    </message>
    <message>
        <source>physical disk {device} is smaller than the disk it replaces ({size} bytes, {needed} needed)</source>
        <translation>物理ディスク {device} が交換前のディスクより小さすぎます ({size} バイト、必要なのは {needed})</translation>
    </message>
    <message>
        <source>cannot read physical disk {device}: {why}; replace it first</source>
        <translation>物理ディスク {device} を読み込めません: {why}。先にディスクを交換してください</translation>
    </message>
    <message>
        <source>disk {disk} of the group is swapped out (SWAP): restore it first (sdxswap -I)</source>
        <translation>グループのディスク {disk} は交換可能な状態です (SWAP)。先に復旧してください (sdxswap -I)</translation>
    </message>
    <message>
        <source>{kind} has a started volume ({volume}): stop every volume first</source>
        <translation>{kind}に起動中のボリューム ({volume}) があります。先にすべてのボリュームを停止してください</translation>
    </message>
    <message>
        <source>slice {slice} is detached: attach it first (its access path holds the name)</source>
        <translation>スライス {slice} は切り離されています。先に組み込んでください (アクセスパスに名前が含まれます)</translation>
    </message>
    <message>
        <source>class name {name} is already used</source>
        <translation>クラス名 {name} はすでに使用されています</translation>
    </message>
    <message>
        <source>volume is started: stop it before changing its name</source>
        <translation>ボリュームが起動しています。名前を変更する前に停止してください</translation>
    </message>
    <message>
        <source>slice is {status}: only a detached (TEMP or TEMP-STOP) slice has attributes to change</source>
        <translation>スライスの状態が {status} です。属性を変更できるのは切り離したスライス (TEMP または TEMP-STOP) だけです</translation>
    </message>
    <message>
        <source>the JRM of a detached slice can only be turned off: the writes it missed since it was detached were not recorded</source>
        <translation>切り離したスライスの JRM はオフにすることだけができます。切離し後に受け取らなかった書込みは記録されていません</translation>
    </message>
    <message>
        <source>slice is TEMP: stop it (sdxslice -F) before changing its access mode</source>
        <translation>スライスの状態が TEMP です。アクセスモードを変更する前に停止してください (sdxslice -F)</translation>
    </message>
    <message>
        <source>Select a slice in the Slice Information list first.</source>
        <extracomment>The GUI&apos;s own hints: what to select before an operation can be used (sentences, not errors).</extracomment>
        <translation>先にスライス情報の一覧でスライスを選択してください。</translation>
    </message>
    <message>
        <source>Select a volume first.</source>
        <translation>先にボリュームを選択してください。</translation>
    </message>
    <message>
        <source>Select a disk in the Disk Information list first.</source>
        <translation>先にディスク情報の一覧でディスクを選択してください。</translation>
    </message>
    <message>
        <source>Select a class, a disk, a volume or a slice first.</source>
        <translation>先にクラス、ディスク、ボリュームまたはスライスを選択してください。</translation>
    </message>
    <message>
        <source>{slice} detached while the service was writing to {volumes}: Perform [Detach Slice] after Stopping Services (the backup is only crash consistent: Verify Backup reports the journal recovery or WAL replay it needs)</source>
        <translation>業務が {volumes} に書き込み中に {slice} を切り離しました: [スライスの切離し] は業務を停止してから行ってください (バックアップはクラッシュ時点の整合性しかありません: バックアップの検証が、必要なジャーナル回復や WAL 再生を報告します)</translation>
    </message>
    <message>
        <source>physical disk {name} created ({size} bytes, {speed})</source>
        <extracomment>What the core and the lab log (the Log Information field&apos;s messages), longer forms first.</extracomment>
        <translation>物理ディスク {name} を作成しました ({size} バイト、{speed})</translation>
    </message>
    <message>
        <source>physical disk {name} created ({size} bytes)</source>
        <translation>物理ディスク {name} を作成しました ({size} バイト)</translation>
    </message>
    <message>
        <source>physical disk {name} speed set to {speed}</source>
        <translation>物理ディスク {name} の速度を {speed} にしました</translation>
    </message>
    <message>
        <source>class {cls} created</source>
        <translation>クラス {cls} を作成しました</translation>
    </message>
    <message>
        <source>class {cls} removed</source>
        <translation>クラス {cls} を削除しました</translation>
    </message>
    <message>
        <source>physical disk {device} registered as {disk}</source>
        <translation>物理ディスク {device} を {disk} として登録しました</translation>
    </message>
    <message>
        <source>disk {disk} removed from class {cls}</source>
        <translation>ディスク {disk} をクラス {cls} から削除しました</translation>
    </message>
    <message>
        <source>mirror group {group} created</source>
        <translation>ミラーグループ {group} を作成しました</translation>
    </message>
    <message>
        <source>disk {disk} connected to group {group}</source>
        <translation>ディスク {disk} をグループ {group} に接続しました</translation>
    </message>
    <message>
        <source>disk {disk} disconnected from group {group}</source>
        <translation>ディスク {disk} をグループ {group} から切断しました</translation>
    </message>
    <message>
        <source>group {group} removed</source>
        <translation>グループ {group} を削除しました</translation>
    </message>
    <message>
        <source>volume {volume} created ({blocks} blocks) and started</source>
        <translation>ボリューム {volume} を作成し ({blocks} ブロック)、起動しました</translation>
    </message>
    <message>
        <source>volume {volume} started</source>
        <translation>ボリューム {volume} を起動しました</translation>
    </message>
    <message>
        <source>volume {volume} stopped</source>
        <translation>ボリューム {volume} を停止しました</translation>
    </message>
    <message>
        <source>volume {volume} removed</source>
        <translation>ボリューム {volume} を削除しました</translation>
    </message>
    <message>
        <source>slice {slice} detached (access mode {mode}, JRM {jrm}); access path {path}</source>
        <translation>スライス {slice} を切り離しました (アクセスモード {mode}、JRM {jrm})。アクセスパス {path}</translation>
    </message>
    <message>
        <source>slice {slice} attached; {blocks} blocks to copy when the volume is started</source>
        <translation>スライス {slice} を組み込みました。ボリュームの起動時に {blocks} ブロックをコピーします</translation>
    </message>
    <message>
        <source>slice {slice} attached; {blocks} blocks to copy</source>
        <translation>スライス {slice} を組み込みました。コピーするのは {blocks} ブロックです</translation>
    </message>
    <message>
        <source>slice {slice} stopped (TEMP-STOP)</source>
        <translation>スライス {slice} を停止しました (TEMP-STOP)</translation>
    </message>
    <message>
        <source>slice {slice} activated (TEMP)</source>
        <translation>スライス {slice} を起動しました (TEMP)</translation>
    </message>
    <message>
        <source>disk {disk} restored (ENABLE)</source>
        <translation>ディスク {disk} を復旧しました (ENABLE)</translation>
    </message>
    <message>
        <source>copying of volume {volume} requested</source>
        <translation>ボリューム {volume} の等価性コピーを要求しました</translation>
    </message>
    <message>
        <source>copy delay of volume {volume} set to {delay} ms</source>
        <translation>ボリューム {volume} のコピー遅延を {delay} ミリ秒にしました</translation>
    </message>
    <message>
        <source>copying into {slice} cancelled</source>
        <translation>{slice} への等価性コピーを取り消しました</translation>
    </message>
    <message>
        <source>copying into {slice} interrupted at {blocks} blocks; sdxcopy -B resumes it</source>
        <translation>{slice} への等価性コピーを {blocks} ブロックで中断しました。sdxcopy -B で再開します</translation>
    </message>
    <message>
        <source>slice {slice} is INVALID: disk {disk} ({device}) failed: {reason}; disk {disk} is DISABLE</source>
        <translation>スライス {slice} は INVALID です: ディスク {disk} ({device}) の故障: {reason}。ディスク {disk} は DISABLE です</translation>
    </message>
    <message>
        <source>volume {volume} is INVALID: no valid slice is left (last one lost on disk {disk})</source>
        <translation>ボリューム {volume} は INVALID です: 有効なスライスが残っていません (最後のスライスをディスク {disk} で失いました)</translation>
    </message>
    <message>
        <source>copying into {slice} started ({blocks} blocks to go, {done} already copied)</source>
        <translation>{slice} への等価性コピーを開始しました (残り {blocks} ブロック、コピー済み {done})</translation>
    </message>
    <message>
        <source>copying into {slice} completed: {bytes} bytes</source>
        <translation>{slice} への等価性コピーが完了しました: {bytes} バイト</translation>
    </message>
    <message>
        <source>copying into {slice} stopped: no valid slice to copy from</source>
        <translation>{slice} への等価性コピーを止めました: コピー元の有効なスライスがありません</translation>
    </message>
    <message>
        <source>copying into {slice} stopped at {done}/{total} blocks; it resumes from there</source>
        <translation>{slice} への等価性コピーを {done}/{total} ブロックで止めました。そこから再開します</translation>
    </message>
    <message>
        <source>service started on {volume} ({pattern}, {rate} MiB/s)</source>
        <translation>{volume} で業務を開始しました ({pattern}、{rate} MiB/s)</translation>
    </message>
    <message>
        <source>service stopped on {volume} after {records} records (sequence {seq}): {error}</source>
        <translation>{volume} の業務が {records} レコードで停止しました (シーケンス {seq}): {error}</translation>
    </message>
    <message>
        <source>service stopped on {volume} after {records} records (sequence {seq})</source>
        <translation>{volume} の業務を {records} レコードで停止しました (シーケンス {seq})</translation>
    </message>
    <message>
        <source>backup of {path} cancelled; nothing kept</source>
        <translation>{path} のバックアップを取り消しました。何も残していません</translation>
    </message>
    <message>
        <source>backup of {path} to {file} failed: {why}</source>
        <translation>{path} から {file} へのバックアップに失敗しました: {why}</translation>
    </message>
    <message>
        <source>backup of {path} written to {file} ({bytes} bytes, SHA-256 {sha}…)</source>
        <translation>{path} のバックアップを {file} に書き込みました ({bytes} バイト、SHA-256 {sha}…)</translation>
    </message>
    <message>
        <source>demo lab ready: sdc is the backup disk</source>
        <translation>デモ環境の準備ができました: バックアップディスクは sdc です</translation>
    </message>
    <message>
        <source>backup {file} verified: {verdict}</source>
        <translation>バックアップ {file} を検証しました: {verdict}</translation>
    </message>
    <message>
        <source>backup {file} restored into {volume} ({bytes} bytes, SHA-256 {sha}…)</source>
        <translation>バックアップ {file} を {volume} にリストアしました ({bytes} バイト、SHA-256 {sha}…)</translation>
    </message>
    <message>
        <source>restore of {file} into {volume} cancelled after {done} of {total} bytes: the volume holds part of the backup; restore it again before use</source>
        <translation>{file} の {volume} へのリストアを {total} バイト中 {done} バイトで取り消しました: ボリュームにはバックアップの一部だけがあります。使用する前にもう一度リストアしてください</translation>
    </message>
    <message>
        <source>restore of {file} into {volume} failed after {done} bytes: {why}</source>
        <translation>{file} の {volume} へのリストアが {done} バイトで失敗しました: {why}</translation>
    </message>
    <message>
        <source>{bytes} bytes of {volume} overwritten with garbage</source>
        <translation>{volume} の {bytes} バイトを無意味なデータで上書きしました</translation>
    </message>
    <message>
        <source>demo lab ready (cluster {nodes}: Class1 shared, online on {node}): sdc is the backup disk</source>
        <translation>デモ演習環境の準備ができました (クラスタ {nodes}: Class1 は共用クラス、{node} で運用中)。sdc がバックアップ用ディスクです</translation>
    </message>
    <message>
        <source>cluster of {count} nodes: {nodes}</source>
        <translation>{count} ノードのクラスタ: {nodes}</translation>
    </message>
    <message>
        <source>class {cls} created (shared, scope {scope})</source>
        <translation>クラス {cls} を作成しました (共用、スコープ {scope})</translation>
    </message>
    <message>
        <source>class {cls} switched from {old} to {new}: volumes {volumes} stopped on {old} and started on {new}</source>
        <translation>クラス {cls} を {old} から {new} に切り替えました: ボリューム {volumes} を {old} で停止し、{new} で起動しました</translation>
    </message>
    <message>
        <source>class {cls} switched from {old} to {new}: volumes {volumes} stopped on {old} and started on {new}; {slices} TEMP-STOP</source>
        <translation>クラス {cls} を {old} から {new} に切り替えました: ボリューム {volumes} を {old} で停止し、{new} で起動しました。{slices} は TEMP-STOP</translation>
    </message>
    <message>
        <source>class {cls} failed over from {old} to {new}: volumes {volumes} stopped on {old} and started on {new}</source>
        <translation>クラス {cls} が {old} から {new} にフェイルオーバしました: ボリューム {volumes} を {old} で停止し、{new} で起動しました</translation>
    </message>
    <message>
        <source>class {cls} failed over from {old} to {new}: volumes {volumes} stopped on {old} and started on {new}; {slices} TEMP-STOP</source>
        <translation>クラス {cls} が {old} から {new} にフェイルオーバしました: ボリューム {volumes} を {old} で停止し、{new} で起動しました。{slices} は TEMP-STOP</translation>
    </message>
    <message>
        <source>slice {slice} is TEMP-STOP: the nodes switched ({old} to {new}); Activate Slice on {new} makes it accessible there</source>
        <translation>スライス {slice} は TEMP-STOP です: ノードが切り替わりました ({old} から {new})。{new} でスライスを起動すると、そこでアクセスできます</translation>
    </message>
    <message>
        <source>node {node} failed (DOWN): its I/O is fenced</source>
        <translation>ノード {node} が故障しました (DOWN): その入出力は遮断されます</translation>
    </message>
    <message>
        <source>node {node} joined the cluster (UP)</source>
        <translation>ノード {node} がクラスタに参入しました (UP)</translation>
    </message>
    <message>
        <source>backup of {path} refused on {node}: {why}</source>
        <translation>{node} での {path} のバックアップは拒否されました: {why}</translation>
    </message>
    <message>
        <source>slice is {status}: only a TEMP slice can be stopped or a TEMP-STOP slice activated</source>
        <translation>スライスの状態が {status} です。停止できるのは TEMP のスライス、起動できるのは TEMP-STOP のスライスだけです</translation>
    </message>
    <message>
        <source>volume has no valid slice to check</source>
        <translation>ボリュームに確認できる正常なスライスがありません</translation>
    </message>
    <message>
        <source>the service is already writing to this volume</source>
        <translation>業務はすでにこのボリュームに書き込み中です</translation>
    </message>
    <message>
        <source>internal error: {error}</source>
        <translation>内部エラー: {error}</translation>
    </message>
    <message>
        <source>class</source>
        <extracomment>The kinds of object ``core.names.check_name`` names in its message.</extracomment>
        <translation>クラス</translation>
    </message>
    <message>
        <source>group</source>
        <translation>グループ</translation>
    </message>
    <message>
        <source>disk</source>
        <translation>ディスク</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>ボリューム</translation>
    </message>
    <message>
        <source>physical disk</source>
        <translation>物理ディスク</translation>
    </message>
    <message>
        <source>step {step} done before step {missing} ({title})</source>
        <extracomment>The training lab&apos;s warnings (lab.observer).</extracomment>
        <translation>手順 {step} を手順 {missing} ({title}) より前に実行しました</translation>
    </message>
    <message>
        <source>service stopped while synchronization copying into {slices} had not completed</source>
        <translation>{slices} への等価性コピーが完了する前に業務を停止しました</translation>
    </message>
    <message>
        <source>{slice} detached while copying into {slices} had not completed</source>
        <translation>{slices} への等価性コピーが完了する前に {slice} を切り離しました</translation>
    </message>
    <message>
        <source>{slice} detached: a slice of the mirror itself, so the volume ran without redundancy; the reliable procedure detaches the backup disk&apos;s slice</source>
        <translation>{slice} を切り離しました: ミラーそのもののスライスのため、ボリュームは冗長性のない状態で運用されました。確実な手順ではバックアップ用ディスクのスライスを切り離します</translation>
    </message>
</context>
<context>
    <name>CreatePhysicalDiskDialog</name>
    <message>
        <source>Create Physical Disk</source>
        <translation>物理ディスクの作成</translation>
    </message>
    <message>
        <source>Physical disk name</source>
        <translation>物理ディスク名</translation>
    </message>
    <message>
        <source>Physical disk size</source>
        <translation>物理ディスクのサイズ</translation>
    </message>
    <message>
        <source>Size unit</source>
        <translation>サイズの単位</translation>
    </message>
    <message>
        <source>S&amp;peed:</source>
        <translation>速度(&amp;P):</translation>
    </message>
    <message>
        <source>A sparse disk image file in the workspace: it uses no space until written.</source>
        <translation>ワークスペース内のスパースなディスクイメージファイルです。書き込むまで容量を使いません。</translation>
    </message>
    <message>
        <source>Physical disk &amp;name:</source>
        <translation>物理ディスク名(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>サイズ(&amp;S):</translation>
    </message>
</context>
<context>
    <name>DetachSliceDialog</name>
    <message>
        <source>Detach Slice</source>
        <translation>スライスの切離し</translation>
    </message>
    <message>
        <source>Setting the environment of the detaching slice</source>
        <translation>切り離すスライスの環境設定</translation>
    </message>
    <message>
        <source>Class Name:</source>
        <translation>クラス名:</translation>
    </message>
    <message>
        <source>Volume Name:</source>
        <translation>ボリューム名:</translation>
    </message>
    <message>
        <source>Slice Name:</source>
        <translation>スライス名:</translation>
    </message>
    <message>
        <source>&amp;Read and write possible</source>
        <translation>読み書き可能(&amp;R)</translation>
    </message>
    <message>
        <source>Read &amp;only possible</source>
        <translation>読み取りのみ可能(&amp;O)</translation>
    </message>
    <message>
        <source>Access Mode</source>
        <translation>アクセスモード</translation>
    </message>
    <message>
        <source>O&amp;n: copy only the regions changed while detached</source>
        <translation>オン(&amp;N): 切り離している間に変更された領域だけをコピー</translation>
    </message>
    <message>
        <source>O&amp;ff: copy the whole slice when it is attached</source>
        <translation>オフ(&amp;F): 組込み時にスライス全体をコピー</translation>
    </message>
    <message>
        <source>Just Resynchronization Mechanism (JRM)</source>
        <translation>ジャスト・リシンクロナイゼーション機構 (JRM)</translation>
    </message>
</context>
<context>
    <name>DeviceRequests</name>
    <message>
        <source>the device server is not running: start it with General &gt; Start Device Server (or &apos;gdsview devices up&apos;)</source>
        <translation>デバイスサーバが動作していません。[一般] &gt; [デバイスサーバの起動] (または &apos;gdsview devices up&apos;) で起動してください</translation>
    </message>
    <message>
        <source>give the mount point as a full path</source>
        <translation>マウントポイントは絶対パスで指定してください</translation>
    </message>
    <message>
        <source>a file system cannot be mounted over the workspace&apos;s own files or the device tree</source>
        <translation>ワークスペース自身のファイルやデバイスツリーの上にはファイルシステムをマウントできません</translation>
    </message>
    <message>
        <source>the volume holds no file system: make one first</source>
        <translation>ボリュームにファイルシステムがありません。先に作成してください</translation>
    </message>
    <message>
        <source>cannot make the mount point: {why}</source>
        <translation>マウントポイントを作成できません: {why}</translation>
    </message>
    <message>
        <source>the volume is not mounted there</source>
        <translation>ボリュームはそこにマウントされていません</translation>
    </message>
</context>
<context>
    <name>DevicesBackend</name>
    <message>
        <source>the device server needs Linux (FUSE and loop devices)</source>
        <translation>デバイスサーバには Linux (FUSE とループデバイス) が必要です</translation>
    </message>
    <message>
        <source>the device server needs pyfuse3, which is not installed</source>
        <translation>デバイスサーバには pyfuse3 が必要ですが、インストールされていません</translation>
    </message>
    <message>
        <source>the device server needs /dev/fuse (load the fuse kernel module)</source>
        <translation>デバイスサーバには /dev/fuse が必要です (fuse カーネルモジュールをロードしてください)</translation>
    </message>
    <message>
        <source>{device} mounted on {target}</source>
        <translation>{device} を {target} にマウント中</translation>
    </message>
</context>
<context>
    <name>DevicesUi</name>
    <message>
        <source>Start Device Server</source>
        <translation>デバイスサーバの起動</translation>
    </message>
    <message>
        <source>Stop Device Server</source>
        <translation>デバイスサーバの停止</translation>
    </message>
    <message>
        <source>Device server status</source>
        <translation>デバイスサーバの状態</translation>
    </message>
    <message>
        <source>Devices: {path}</source>
        <translation>デバイス: {path}</translation>
    </message>
    <message>
        <source>The device server is running (pid {pid}): started volumes and detached slices&apos; access paths are devices under {path}.</source>
        <translation>デバイスサーバが動作しています (pid {pid})。起動したボリュームと切り離したスライスのアクセスパスは {path} 配下のデバイスです。</translation>
    </message>
    <message>
        <source>Device server stopped unexpectedly</source>
        <translation>デバイスサーバが異常終了しました</translation>
    </message>
    <message>
        <source>The device server died and left its devices mounted at {path}: General &gt; Stop Device Server cleans up (gdsview devices down --force).</source>
        <translation>デバイスサーバが異常終了し、{path} のデバイスがマウントされたままです。[一般] &gt; [デバイスサーバの停止] で後始末します (gdsview devices down --force)。</translation>
    </message>
    <message>
        <source>Device server: not available</source>
        <translation>デバイスサーバ: 使用できません</translation>
    </message>
    <message>
        <source>Device server: not running</source>
        <translation>デバイスサーバ: 停止中</translation>
    </message>
    <message>
        <source>General &gt; Start Device Server (gdsview devices up) makes the volumes devices under {path}.</source>
        <translation>[一般] &gt; [デバイスサーバの起動] (gdsview devices up) で、ボリュームが {path} 配下のデバイスになります。</translation>
    </message>
    <message>
        <source>the device server is not running</source>
        <translation>デバイスサーバが動作していません</translation>
    </message>
    <message>
        <source>the device server is already running (pid {pid})</source>
        <translation>デバイスサーバは既に動作しています (pid {pid})</translation>
    </message>
    <message>
        <source>the device server died and left its devices mounted: stop it first to clean up</source>
        <translation>デバイスサーバが異常終了し、デバイスがマウントされたままです。先に停止して後始末してください</translation>
    </message>
    <message>
        <source>The device server is running (pid {pid}).

Volumes and access paths are devices under {path}: mkfs, mount, fsck and dd use them as they are.</source>
        <translation>デバイスサーバが動作しています (pid {pid})。

ボリュームとアクセスパスは {path} 配下のデバイスです。mkfs、mount、fsck、dd がそのまま使えます。</translation>
    </message>
    <message>
        <source>The device server is stopped.</source>
        <translation>デバイスサーバを停止しました。</translation>
    </message>
    <message>
        <source>The device server stopped unexpectedly and left its devices mounted at {path}.

Clean up? The file systems on its devices are unmounted, their loop devices detached and the device tree unmounted (gdsview devices down --force).</source>
        <translation>デバイスサーバが異常終了し、{path} のデバイスがマウントされたままです。

後始末しますか? デバイス上のファイルシステムをアンマウントし、ループデバイスを切り離し、デバイスツリーをアンマウントします (gdsview devices down --force)。</translation>
    </message>
    <message>
        <source>Devices are in use:
{devices}

Stop the device server anyway? The file systems on its devices are unmounted and their loop devices detached first (gdsview devices down --force); programs still using them get I/O errors.</source>
        <translation>デバイスが使用中です:
{devices}

それでもデバイスサーバを停止しますか? 先にデバイス上のファイルシステムをアンマウントし、ループデバイスを切り離します (gdsview devices down --force)。まだ使用しているプログラムは I/O エラーになります。</translation>
    </message>
    <message>
        <source>Stop the device server? The device files under {path} go until it is started again.</source>
        <translation>デバイスサーバを停止しますか? {path} 配下のデバイスファイルは、再び起動するまでなくなります。</translation>
    </message>
</context>
<context>
    <name>DiskSpeedDialog</name>
    <message>
        <source>Disk Speed</source>
        <translation>ディスクの速度</translation>
    </message>
    <message>
        <source>S&amp;peed of {device}:</source>
        <translation>{device} の速度(&amp;P):</translation>
    </message>
</context>
<context>
    <name>FileSystemConfigurationDialog</name>
    <message>
        <source>File System Configuration</source>
        <translation>ファイルシステム構成</translation>
    </message>
    <message>
        <source>Device server running (pid {pid}): devices under {path}</source>
        <translation>デバイスサーバ動作中 (pid {pid}): デバイスは {path} 配下</translation>
    </message>
    <message>
        <source>The device server stopped unexpectedly and left its devices mounted at {path}: stop it to clean up.</source>
        <translation>デバイスサーバが異常終了し、{path} のデバイスがマウントされたままです。停止して後始末してください。</translation>
    </message>
    <message>
        <source>The device server cannot run here: {why}.</source>
        <translation>このマシンではデバイスサーバを使用できません: {why}。</translation>
    </message>
    <message>
        <source>The device server is not running: Make File System and Mount start it (or run &apos;gdsview devices up&apos;).</source>
        <translation>デバイスサーバが停止しています。[ファイルシステムの作成] と [マウント] で起動します (&apos;gdsview devices up&apos; でも起動できます)。</translation>
    </message>
    <message>
        <source>Volumes of the class</source>
        <translation>クラスのボリューム</translation>
    </message>
    <message>
        <source>Volume Name</source>
        <translation>ボリューム名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>File System</source>
        <translation>ファイルシステム</translation>
    </message>
    <message>
        <source>In Use</source>
        <translation>使用状況</translation>
    </message>
    <message>
        <source>Mount Point</source>
        <translation>マウントポイント</translation>
    </message>
    <message>
        <source>&amp;Volumes of the class:</source>
        <translation>クラスのボリューム(&amp;V):</translation>
    </message>
    <message>
        <source>File system</source>
        <translation>ファイルシステム</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>種類:</translation>
    </message>
    <message>
        <source>File system type {fstype}</source>
        <translation>ファイルシステムの種類 {fstype}</translation>
    </message>
    <message>
        <source>&amp;Make File System...</source>
        <translation>ファイルシステムの作成(&amp;M)...</translation>
    </message>
    <message>
        <source>Make a file system on the volume (its data is lost)</source>
        <translation>ボリュームにファイルシステムを作成します (ボリュームのデータは失われます)</translation>
    </message>
    <message>
        <source>Mount</source>
        <translation>マウント</translation>
    </message>
    <message>
        <source>Mount point</source>
        <translation>マウントポイント</translation>
    </message>
    <message>
        <source>a folder; made if it is missing</source>
        <translation>フォルダ (なければ作成します)</translation>
    </message>
    <message>
        <source>Mount &amp;point:</source>
        <translation>マウントポイント(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>参照(&amp;B)...</translation>
    </message>
    <message>
        <source>M&amp;ount</source>
        <translation>マウント(&amp;O)</translation>
    </message>
    <message>
        <source>Mount the volume&apos;s file system on the mount point</source>
        <translation>ボリュームのファイルシステムをマウントポイントにマウントします</translation>
    </message>
    <message>
        <source>&amp;Unmount</source>
        <translation>アンマウント(&amp;U)</translation>
    </message>
    <message>
        <source>Unmount the volume&apos;s file system</source>
        <translation>ボリュームのファイルシステムをアンマウントします</translation>
    </message>
    <message>
        <source>Device server</source>
        <translation>デバイスサーバ</translation>
    </message>
    <message>
        <source>&amp;Start Device Server</source>
        <translation>デバイスサーバの起動(&amp;S)</translation>
    </message>
    <message>
        <source>{started} of {count} volumes started</source>
        <translation>{count} 個のボリュームのうち {started} 個が起動中</translation>
    </message>
    <message>
        <source>&amp;Volumes of class {name}:</source>
        <translation>クラス {name} のボリューム(&amp;V):</translation>
    </message>
    <message>
        <source>select a volume first</source>
        <translation>先にボリュームを選択してください</translation>
    </message>
    <message>
        <source>the volume holds no file system: make one first</source>
        <translation>ボリュームにファイルシステムがありません。先に作成してください</translation>
    </message>
    <message>
        <source>mounting needs root&apos;s privileges (losetup and mount)</source>
        <translation>マウントには root 権限が必要です (losetup と mount)</translation>
    </message>
    <message>
        <source>enter the mount point: a folder</source>
        <translation>マウントポイント (フォルダ) を入力してください</translation>
    </message>
    <message>
        <source>volume is not mounted</source>
        <translation>ボリュームはマウントされていません</translation>
    </message>
    <message>
        <source>Make the chosen file system on the volume (its data is lost)</source>
        <translation>選んだファイルシステムをボリュームに作成します (ボリュームのデータは失われます)</translation>
    </message>
    <message>
        <source>Start Device Server</source>
        <translation>デバイスサーバの起動</translation>
    </message>
    <message>
        <source>The device server is not running, so the volumes have no device files for mkfs and mount.

Start it now (gdsview devices up)? Volumes and access paths then appear under {path}.</source>
        <translation>デバイスサーバが停止しているため、ボリュームには mkfs と mount で使うデバイスファイルがありません。

今すぐ起動しますか (gdsview devices up)? ボリュームとアクセスパスは {path} 配下に現れます。</translation>
    </message>
    <message>
        <source>Make File System</source>
        <translation>ファイルシステムの作成</translation>
    </message>
    <message>
        <source>An {fstype} file system was made on volume {volume}.</source>
        <translation>ボリューム {volume} に {fstype} ファイルシステムを作成しました。</translation>
    </message>
    <message>
        <source>Make an {fstype} file system on volume {volume} ({path})?

Everything stored on the volume is destroyed.</source>
        <translation>ボリューム {volume} ({path}) に {fstype} ファイルシステムを作成しますか?

ボリュームに格納されているデータはすべて失われます。</translation>
    </message>
    <message>
        <source>Volume {volume} mounted on {target} (the folder was made).</source>
        <translation>ボリューム {volume} を {target} にマウントしました (フォルダを作成しました)。</translation>
    </message>
    <message>
        <source>Volume {volume} mounted on {target}.</source>
        <translation>ボリューム {volume} を {target} にマウントしました。</translation>
    </message>
    <message>
        <source>Unmount</source>
        <translation>アンマウント</translation>
    </message>
    <message>
        <source>Volume {volume} unmounted from {target}.</source>
        <translation>ボリューム {volume} を {target} からアンマウントしました。</translation>
    </message>
</context>
<context>
    <name>Flow</name>
    <message>
        <source>The reliable backup procedure in {count} steps, from top to bottom</source>
        <translation>確実なバックアップの手順 ({count} 段階、上から下へ)</translation>
    </message>
    <message>
        <source>Can be done in advance</source>
        <translation>事前に実施可能</translation>
    </message>
    <message>
        <source>saves the wait for synchronization copying</source>
        <translation>等価性コピーの待ち時間を短縮できます</translation>
    </message>
    <message>
        <source>Slice detached (TEMP)</source>
        <translation>スライス切離し中 (TEMP)</translation>
    </message>
    <message>
        <source>the backup is taken from its access path while the volume stays in service</source>
        <translation>ボリュームの運用を続けたまま、アクセスパスからバックアップします</translation>
    </message>
    <message>
        <source>Slice operation (detach, back up, attach)</source>
        <translation>スライスの操作 (切離し、バックアップ、組込み)</translation>
    </message>
    <message>
        <source>Preparation: can be done in advance</source>
        <translation>準備: 事前に実施可能</translation>
    </message>
    <message>
        <source>Service and clean-up</source>
        <translation>業務と後片付け</translation>
    </message>
</context>
<context>
    <name>GroupConfigurationDialog</name>
    <message>
        <source>Group Configuration</source>
        <translation>グループの構成</translation>
    </message>
    <message>
        <source>An existing group, or type the name of a new mirror group</source>
        <translation>既存のグループを選択するか、新しいミラーグループの名前を入力します</translation>
    </message>
    <message>
        <source>Disks not connected to a group</source>
        <translation>グループに接続されていないディスク</translation>
    </message>
    <message>
        <source>Disk Name</source>
        <translation>ディスク名</translation>
    </message>
    <message>
        <source>Physical Disk</source>
        <translation>物理ディスク</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Disks of the group and their slices</source>
        <translation>グループのディスクとそのスライス</translation>
    </message>
    <message>
        <source>Disk / Slice</source>
        <translation>ディスク / スライス</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Disks of the &amp;group:</source>
        <translation>グループのディスク(&amp;G):</translation>
    </message>
    <message>
        <source>C&amp;onnect  &gt;</source>
        <translation>接続(&amp;O)  &gt;</translation>
    </message>
    <message>
        <source>Connect the disk to the group</source>
        <translation>ディスクをグループに接続</translation>
    </message>
    <message>
        <source>&lt;  &amp;Disconnect</source>
        <translation>&lt;  切断(&amp;D)</translation>
    </message>
    <message>
        <source>Disconnect the disk from the group</source>
        <translation>ディスクをグループから切断</translation>
    </message>
    <message>
        <source>G&amp;roup name:</source>
        <translation>グループ名(&amp;R):</translation>
    </message>
    <message>
        <source>Disks no&amp;t connected:</source>
        <translation>未接続のディスク(&amp;T):</translation>
    </message>
    <message>
        <source>Type: {type}, {count} disks, {free} free</source>
        <translation>タイプ: {type}、ディスク {count} 台、空き {free}</translation>
    </message>
    <message>
        <source>(a new mirror group, created with its first disk)</source>
        <translation>(新しいミラーグループ: 最初のディスクの接続で作成されます)</translation>
    </message>
    <message>
        <source>Disks of &amp;group {group}:</source>
        <translation>グループ {group} のディスク(&amp;G):</translation>
    </message>
    <message>
        <source>{status} (copy {percent} done, will resume)</source>
        <translation>{status} (コピー {percent} 完了、再開予定)</translation>
    </message>
    <message>
        <source>copying {percent}</source>
        <translation>コピー中 {percent}</translation>
    </message>
    <message>
        <source>copying</source>
        <translation>コピー中</translation>
    </message>
    <message>
        <source>No class yet: register disks in a class first (Settings → Class Configuration).</source>
        <translation>クラスがありません。先にディスクをクラスに登録してください (設定 → クラスの構成)。</translation>
    </message>
    <message>
        <source>Group name: {problem}</source>
        <translation>グループ名: {problem}</translation>
    </message>
    <message>
        <source>Select a disk that is not connected to connect it to the group.</source>
        <translation>グループに接続する未接続のディスクを選択してください。</translation>
    </message>
    <message>
        <source>Every disk of the class is connected: register another one in Class Configuration.</source>
        <translation>クラスのすべてのディスクが接続済みです。クラスの構成で別のディスクを登録してください。</translation>
    </message>
    <message>
        <source>Connect {disk} to group {group}</source>
        <translation>{disk} をグループ {group} に接続します</translation>
    </message>
    <message>
        <source>Select a disk of the group to disconnect it.</source>
        <translation>切断するグループのディスクを選択してください。</translation>
    </message>
    <message>
        <source>Disconnect {disk} from group {group}</source>
        <translation>{disk} をグループ {group} から切断します</translation>
    </message>
    <message>
        <source>Disk {disk} was connected to group {group}.</source>
        <translation>ディスク {disk} をグループ {group} に接続しました。</translation>
    </message>
    <message>
        <source>Synchronization copying of {volumes} has started.</source>
        <translation>{volumes} の等価性コピーを開始しました。</translation>
    </message>
    <message>
        <source>Connect disk {disk} to group {group}?</source>
        <translation>ディスク {disk} をグループ {group} に接続します。よろしいですか？</translation>
    </message>
    <message>
        <source>Synchronization copying of {volumes} into its new slices starts at once.</source>
        <translation>新しいスライスへの {volumes} の等価性コピーがすぐに始まります。</translation>
    </message>
    <message>
        <source>Disk {disk} was disconnected from group {group}.</source>
        <translation>ディスク {disk} をグループ {group} から切断しました。</translation>
    </message>
    <message>
        <source>Disconnect disk {disk} from group {group}?</source>
        <translation>ディスク {disk} をグループ {group} から切断します。よろしいですか？</translation>
    </message>
    <message>
        <source>Its slices ({slices}) are deleted.</source>
        <translation>ディスクのスライス ({slices}) は削除されます。</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>GDS Management View Help</source>
        <translation>GDS Management View ヘルプ</translation>
    </message>
    <message>
        <source>Help text</source>
        <translation>ヘルプの本文</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>戻る(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>進む(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>目次(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>閉じる(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LabUi</name>
    <message>
        <source>Procedure</source>
        <translation>手順</translation>
    </message>
    <message>
        <source>&amp;Procedure</source>
        <translation>手順(&amp;P)</translation>
    </message>
    <message>
        <source>Show or hide the Procedure panel (it stays as you leave it)</source>
        <translation>手順パネルを表示または非表示にします (次回もそのままです)</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Service status</source>
        <translation>業務の状態</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>業務</translation>
    </message>
    <message>
        <source> Service: </source>
        <translation> 業務: </translation>
    </message>
    <message>
        <source>No service is running in this window: Service → Start Service starts one.</source>
        <translation>このウィンドウで動作中の業務はありません: 業務 → 業務の開始 で開始します。</translation>
    </message>
    <message>
        <source>Stop the service writing to {volumes}</source>
        <translation>{volumes} に書き込んでいる業務を停止します</translation>
    </message>
    <message>
        <source>Physical disk {device} fails already.</source>
        <translation>物理ディスク {device} はすでに故障しています。</translation>
    </message>
    <message>
        <source>Make physical disk {device} ({disk}) fail</source>
        <translation>物理ディスク {device} ({disk}) を故障させます</translation>
    </message>
    <message>
        <source>No disk failure is simulated.</source>
        <translation>シミュレート中のディスク故障はありません。</translation>
    </message>
    <message>
        <source>Select the disk that fails ({devices}) in the Disk Information list first.</source>
        <translation>先にディスク情報の一覧で故障中のディスク ({devices}) を選択してください。</translation>
    </message>
    <message>
        <source>End the simulated failure of physical disk {device}</source>
        <translation>物理ディスク {device} の故障シミュレーションを終了します</translation>
    </message>
    <message>
        <source>Start Service</source>
        <translation>業務の開始</translation>
    </message>
    <message>
        <source>sequential log appends</source>
        <translation>ログの追記 (シーケンシャル)</translation>
    </message>
    <message>
        <source>random 4 KiB updates</source>
        <translation>4 KiB 単位のランダム更新</translation>
    </message>
    <message>
        <source>Start the service on {volume}: {pattern} at {rate:g} MiB/s?</source>
        <translation>{volume} で業務を開始します: {pattern}、{rate:g} MiB/s。よろしいですか？</translation>
    </message>
    <message>
        <source>Start PostgreSQL on {volume}, with pgbench&apos;s load: {clients} clients at {rate}?</source>
        <translation>{volume} で PostgreSQL を起動し、pgbench の負荷をかけます ({clients} クライアント、{rate})。よろしいですか？</translation>
    </message>
    <message>
        <source>Start SQLite on {volume}, with a TPC-B-like load at {rate}?</source>
        <translation>{volume} で SQLite を起動し、TPC-B 相当の負荷をかけます ({rate})。よろしいですか？</translation>
    </message>
    <message>
        <source>{tps:g} transactions per second</source>
        <translation>毎秒 {tps:g} トランザクション</translation>
    </message>
    <message>
        <source>as many transactions per second as it can</source>
        <translation>できるだけ多くのトランザクション</translation>
    </message>
    <message>
        <source>Stop Service</source>
        <translation>業務の停止</translation>
    </message>
    <message>
        <source>Stop the service writing to {volumes}?

It stops cleanly (the built-in writer writes a last, clean commit record; a database checkpoints and its file system is unmounted): the application using the volume is stopped.</source>
        <translation>{volumes} に書き込んでいる業務を停止します。よろしいですか？

正常に停止します (組込みの書き込み業務は最後に正常なコミットレコードを書き、データベースはチェックポイントを取ってファイルシステムをアンマウントします)。ボリュームを使うアプリケーションが止まります。</translation>
    </message>
    <message>
        <source>writing to {volume} ({pattern}) at {rate:.1f} of {limit:g} MiB/s, {records} records</source>
        <translation>{volume} に書き込み中 ({pattern}) {rate:.1f} / {limit:g} MiB/s、{records} レコード</translation>
    </message>
    <message>
        <source>{app} on {volume}: {tps:.0f} TPS, {count} transactions ({data})</source>
        <translation>{volume} の {app}: {tps:.0f} TPS、{count} トランザクション ({data})</translation>
    </message>
    <message>
        <source>Simulate Disk Failure</source>
        <translation>ディスク故障のシミュレート</translation>
    </message>
    <message>
        <source>Make physical disk {device} ({disk}) fail?

Every read and write of it fails from now on: the next I/O makes its slices INVALID and the disk DISABLE.</source>
        <translation>物理ディスク {device} ({disk}) を故障させますか?

これ以降、読み書きはすべてエラーになります。次の入出力でスライスは INVALID、ディスクは DISABLE になります。</translation>
    </message>
    <message>
        <source>Physical disk {device} now fails every I/O.</source>
        <translation>物理ディスク {device} はすべての入出力でエラーになります。</translation>
    </message>
    <message>
        <source>End Simulated Failure</source>
        <translation>故障シミュレーションの終了</translation>
    </message>
    <message>
        <source>End the simulated failure of physical disk {device} ({disk})?

The disk works again, as a replacement would: if it is swapped out, Operation → Restore Physical Disk takes it back and copies its slices.</source>
        <translation>物理ディスク {device} ({disk}) の故障シミュレーションを終了します。よろしいですか？

ディスクは交換したディスクのように再び動作します。交換可能な状態のときは、操作 → 物理ディスクの復旧で使用できる状態に戻し、スライスをコピーします。</translation>
    </message>
    <message>
        <source>Physical disk {device} works again.</source>
        <translation>物理ディスク {device} は再び使用できます。</translation>
    </message>
    <message>
        <source>Reset Lab</source>
        <translation>演習環境のリセット</translation>
    </message>
    <message>
        <source>The lab is back to its starting state: Class1 with Volume1 and Volume2, sdc free.</source>
        <translation>演習環境を初期状態に戻しました: Class1 に Volume1 と Volume2、sdc は未使用です。</translation>
    </message>
    <message>
        <source>Reset the lab to its starting state?

Every change made in this workspace is discarded: disks, classes, volumes, detached slices and their data.</source>
        <translation>演習環境を初期状態に戻します。よろしいですか？

このワークスペースで行った変更 (ディスク、クラス、ボリューム、切り離したスライスとそのデータ) はすべて破棄されます。</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Normal</source>
        <extracomment>The colour of each status, as the legend explains it. (colour, English source in the &quot;Legend&quot; context, the statuses it stands for)</extracomment>
        <translation>正常</translation>
    </message>
    <message>
        <source>Synchronization copying in progress</source>
        <translation>等価性コピー中</translation>
    </message>
    <message>
        <source>Detached slice</source>
        <translation>切り離したスライス</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Invalid or failed</source>
        <translation>無効または故障</translation>
    </message>
</context>
<context>
    <name>LegendDialog</name>
    <message>
        <source>Status Legend</source>
        <translation>状態の凡例</translation>
    </message>
    <message>
        <source>The icon colour of an object shows its status; a class, group or volume takes the colour of its most serious part.</source>
        <translation>オブジェクトのアイコンの色は状態を表します。クラス、グループ、ボリュームは、その中で最も重大な部分の色になります。</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Log Information</source>
        <translation>ログ情報</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Monitoring every {seconds} s</source>
        <extracomment>fields of the dialogs a &quot;set&quot; step can change: dialog objectName -&gt; field -&gt; value -&gt; attribute (a radio button), or field -&gt; attribute (a spin box, line edit, check box or combo box)</extracomment>
        <translation>監視間隔 {seconds} 秒</translation>
    </message>
    <message>
        <source>workspace {path}</source>
        <translation>ワークスペース {path}</translation>
    </message>
    <message>
        <source>Configuration Tree</source>
        <extracomment>Opens (and shows) another workspace&apos;s window: (folder, geometry, state) -&gt; the new window. set by the application (``ui.app``): General → Open Workspace opens the new window with it</extracomment>
        <translation>構成ツリー</translation>
    </message>
    <message>
        <source>Copy Throughput</source>
        <translation>コピーのスループット</translation>
    </message>
    <message>
        <source>Log Information</source>
        <translation>ログ情報</translation>
    </message>
    <message>
        <source>Monitoring status</source>
        <translation>監視の状態</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>一般(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Open Workspace...</source>
        <translation>ワークスペースを開く(&amp;O)...</translation>
    </message>
    <message>
        <source>Change &amp;Monitoring Intervals...</source>
        <translation>監視間隔の変更(&amp;M)...</translation>
    </message>
    <message>
        <source>&amp;Reset Lab...</source>
        <extracomment>start the service on Volume1 when the lab is at its start (``ui.app`` sets it: a production volume is in use; tests and the screenshot generator start what they need)</extracomment>
        <translation>演習環境のリセット(&amp;R)...</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>終了(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Class Configuration...</source>
        <translation>クラスの構成(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Group Configuration...</source>
        <translation>グループの構成(&amp;G)...</translation>
    </message>
    <message>
        <source>&amp;Volume Configuration...</source>
        <translation>ボリュームの構成(&amp;V)...</translation>
    </message>
    <message>
        <source>&amp;File System Configuration...</source>
        <translation>ファイルシステム構成(&amp;F)...</translation>
    </message>
    <message>
        <source>&amp;Operation</source>
        <translation>操作(&amp;O)</translation>
    </message>
    <message>
        <source>S&amp;ervice</source>
        <translation>業務(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Start Service...</source>
        <translation>業務の開始(&amp;S)...</translation>
    </message>
    <message>
        <source>S&amp;top Service</source>
        <translation>業務の停止(&amp;T)</translation>
    </message>
    <message>
        <source>Simulate Disk &amp;Failure</source>
        <translation>ディスク故障のシミュレート(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;End Simulated Failure</source>
        <translation>故障シミュレーションの終了(&amp;E)</translation>
    </message>
    <message>
        <source>Act as &amp;Node</source>
        <translation>動作するノード(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Update Now</source>
        <translation>最新の情報に更新(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Abnormal Objects only</source>
        <translation>異常オブジェクトのみ(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Copy Throughput</source>
        <translation>コピーのスループット(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>GDS Management View &amp;Help</source>
        <translation>GDS Management View ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Status &amp;Legend</source>
        <translation>状態の凡例(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>バージョン情報(&amp;A)</translation>
    </message>
    <message>
        <source>acting as node {node}</source>
        <translation>ノード {node} として動作中</translation>
    </message>
    <message>
        <source>copying: {volumes}</source>
        <translation>等価性コピー中: {volumes}</translation>
    </message>
    <message>
        <source>working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>ワークスペースを開く</translation>
    </message>
    <message>
        <source>{path} is the workspace already open.</source>
        <translation>{path} はすでに開いているワークスペースです。</translation>
    </message>
    <message>
        <source>this window cannot open another workspace</source>
        <translation>このウィンドウでは別のワークスペースを開けません</translation>
    </message>
    <message>
        <source>Synchronization copying of {volumes} is in progress.

Open {path} anyway? The copying stops now and resumes from where it stopped the next time this workspace is opened.</source>
        <translation>{volumes} の等価性コピーの実行中です。

それでも {path} を開きますか？ コピーはここで停止し、次にこのワークスペースを開いたときに停止した位置から再開します。</translation>
    </message>
    <message>
        <source>The service is writing to {volumes}.

Open {path} anyway? The service stops now.</source>
        <translation>業務が {volumes} に書き込み中です。

それでも {path} を開きますか? 業務はここで停止します。</translation>
    </message>
    <message>
        <source>Synchronization copying of {volumes} is in progress: it stops now and resumes from where it stopped the next time GDS Management View starts.</source>
        <translation>{volumes} の等価性コピーが実行中です: ここで停止し、次に GDS Management View を起動したときに続きから再開します。</translation>
    </message>
    <message>
        <source>The service is writing to {volumes}: it stops now (cleanly).</source>
        <translation>業務が {volumes} に書き込み中です: ここで (正常に) 停止します。</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Exit anyway?</source>
        <translation>それでも終了しますか?</translation>
    </message>
    <message>
        <source>Start &amp;Device Server</source>
        <translation>デバイスサーバの起動(&amp;D)</translation>
    </message>
    <message>
        <source>Stop Device Ser&amp;ver...</source>
        <translation>デバイスサーバの停止(&amp;V)...</translation>
    </message>
</context>
<context>
    <name>MonitoringIntervalDialog</name>
    <message>
        <source>Change Monitoring Intervals</source>
        <translation>監視間隔の変更</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Monitoring interval in seconds</source>
        <translation>監視間隔 (秒)</translation>
    </message>
    <message>
        <source>&amp;Monitoring interval:</source>
        <translation>監視間隔(&amp;M):</translation>
    </message>
    <message>
        <source>The screen is updated at this interval and after every operation.</source>
        <translation>画面はこの間隔と、操作のたびに更新されます。</translation>
    </message>
</context>
<context>
    <name>ObjectInfoPanel</name>
    <message>
        <source>Volume Information</source>
        <translation>ボリューム情報</translation>
    </message>
    <message>
        <source>Disk Information</source>
        <translation>ディスク情報</translation>
    </message>
    <message>
        <source>Slice Information</source>
        <translation>スライス情報</translation>
    </message>
    <message>
        <source>Object Information</source>
        <translation>オブジェクト情報</translation>
    </message>
    <message>
        <source>Slice and disk information</source>
        <translation>スライス情報とディスク情報</translation>
    </message>
    <message>
        <source>Object Information: {scope}</source>
        <translation>オブジェクト情報: {scope}</translation>
    </message>
    <message>
        <source>Slice Information: {volume}</source>
        <translation>スライス情報: {volume}</translation>
    </message>
    <message>
        <source>Slice Information: click a volume</source>
        <translation>スライス情報: ボリュームをクリックしてください</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>&amp;Detach Slice</source>
        <translation>スライスの切離し(&amp;D)</translation>
    </message>
    <message>
        <source>read only</source>
        <translation>読み取りのみ可能</translation>
    </message>
    <message>
        <source>read and write</source>
        <translation>読み書き可能</translation>
    </message>
    <message>
        <source>Detach Slice</source>
        <translation>スライスの切離し</translation>
    </message>
    <message>
        <source>Detach slice {slice} from volume {volume}?

Access mode: {mode}.
Stop the service using the volume before detaching, to ensure the integrity of the backup.</source>
        <translation>ボリューム {volume} からスライス {slice} を切り離します。よろしいですか？

アクセスモード: {mode}
バックアップの整合性を確保するため、切り離す前にボリュームを使用している業務を停止してください。</translation>
    </message>
    <message>
        <source>Detaching slice {slice} is complete.

Access path: {path}

Use this access path to proceed with the backup.</source>
        <translation>スライス {slice} の切離しが完了しました。

アクセスパス: {path}

このアクセスパスを使ってバックアップを行ってください。</translation>
    </message>
    <message>
        <source>&amp;Attach Slice</source>
        <translation>スライスの組込み(&amp;A)</translation>
    </message>
    <message>
        <source>Attach Slice</source>
        <translation>スライスの組込み</translation>
    </message>
    <message>
        <source>Attach slice {slice} to volume {volume}?

If the volume is active, synchronization copying will begin.</source>
        <translation>スライス {slice} をボリューム {volume} に組み込みます。よろしいですか？

ボリュームが起動している場合は、等価性コピーが始まります。</translation>
    </message>
    <message>
        <source>Attaching slice {slice} is complete.</source>
        <translation>スライス {slice} の組込みが完了しました。</translation>
    </message>
    <message>
        <source>Synchronization copying has started.</source>
        <translation>等価性コピーを開始しました。</translation>
    </message>
    <message>
        <source>Synchronization copying will run when the volume is started.</source>
        <translation>等価性コピーはボリュームの起動時に実行されます。</translation>
    </message>
    <message>
        <source>&amp;Stop/Activate Slice</source>
        <translation>スライスの停止/起動(&amp;S)</translation>
    </message>
    <message>
        <source>Stop Slice</source>
        <translation>スライスの停止</translation>
    </message>
    <message>
        <source>Stop slice {slice}?

Its access path {path} will become inaccessible.</source>
        <translation>スライス {slice} を停止します。よろしいですか？

アクセスパス {path} はアクセスできなくなります。</translation>
    </message>
    <message>
        <source>Stopping slice {slice} is complete (TEMP-STOP).</source>
        <translation>スライス {slice} の停止が完了しました (TEMP-STOP)。</translation>
    </message>
    <message>
        <source>Activate Slice</source>
        <translation>スライスの起動</translation>
    </message>
    <message>
        <source>Activate slice {slice}?

Its access path {path} will become accessible again.</source>
        <translation>スライス {slice} を起動します。よろしいですか？

アクセスパス {path} は再びアクセスできるようになります。</translation>
    </message>
    <message>
        <source>Activating slice {slice} is complete (TEMP).</source>
        <translation>スライス {slice} の起動が完了しました (TEMP)。</translation>
    </message>
    <message>
        <source>Start &amp;Copying</source>
        <translation>等価性コピーの開始(&amp;C)</translation>
    </message>
    <message>
        <source>Start Copying</source>
        <translation>等価性コピーの開始</translation>
    </message>
    <message>
        <source>Start synchronization copying of volume {volume}?</source>
        <translation>ボリューム {volume} の等価性コピーを開始します。よろしいですか？</translation>
    </message>
    <message>
        <source>Synchronization copying of volume {volume} has started.</source>
        <translation>ボリューム {volume} の等価性コピーを開始しました。</translation>
    </message>
    <message>
        <source>Ca&amp;ncel Copying</source>
        <translation>等価性コピーのキャンセル(&amp;N)</translation>
    </message>
    <message>
        <source>Cancel Copying</source>
        <translation>等価性コピーのキャンセル</translation>
    </message>
    <message>
        <source>Cancel synchronization copying of volume {volume}?

The slice stays INVALID; copying it again starts from the beginning.</source>
        <translation>ボリューム {volume} の等価性コピーをキャンセルします。よろしいですか？

スライスは INVALID のままになり、再びコピーするときは最初から行います。</translation>
    </message>
    <message>
        <source>Synchronization copying of volume {volume} was cancelled.</source>
        <translation>ボリューム {volume} の等価性コピーをキャンセルしました。</translation>
    </message>
    <message>
        <source>S&amp;wap Physical Disk</source>
        <translation>物理ディスクの交換(&amp;W)</translation>
    </message>
    <message>
        <source>Swap Physical Disk</source>
        <translation>物理ディスクの交換</translation>
    </message>
    <message>
        <source>Swap out disk {disk}?

The disk becomes SWAP and its slices NOUSE: no I/O reaches it, and its physical disk can be replaced. The volumes stay in service on the other disks of the group.</source>
        <translation>ディスク {disk} を交換可能な状態にします。よろしいですか？

ディスクは SWAP、スライスは NOUSE になり、入出力が届かなくなって物理ディスクを交換できます。ボリュームはグループの他のディスクで業務を続けます。</translation>
    </message>
    <message>
        <source>Swapping out disk {disk} is complete (SWAP).

Replace the physical disk, then choose Restore Physical Disk.</source>
        <translation>ディスク {disk} を交換可能な状態にしました (SWAP)。

物理ディスクを交換してから、物理ディスクの復旧を選択してください。</translation>
    </message>
    <message>
        <source>C&amp;hange Attributes...</source>
        <translation>属性変更(&amp;H)...</translation>
    </message>
    <message>
        <source>Change Attributes</source>
        <translation>属性変更</translation>
    </message>
    <message>
        <source>Change the attributes of {object}?</source>
        <translation>{object}の属性を変更します。よろしいですか？</translation>
    </message>
    <message>
        <source>Changing the attributes of {object} is complete.</source>
        <translation>{object}の属性の変更が完了しました。</translation>
    </message>
    <message>
        <source>class {name}</source>
        <translation>クラス {name} </translation>
    </message>
    <message>
        <source>disk {name}</source>
        <translation>ディスク {name} </translation>
    </message>
    <message>
        <source>volume {name}</source>
        <translation>ボリューム {name} </translation>
    </message>
    <message>
        <source>slice {name}</source>
        <translation>スライス {name} </translation>
    </message>
    <message>
        <source>Chec&amp;k Status</source>
        <translation>状態の確認(&amp;K)</translation>
    </message>
    <message>
        <source>Sta&amp;rt Volume</source>
        <translation>ボリュームの起動(&amp;R)</translation>
    </message>
    <message>
        <source>Start Volume</source>
        <translation>ボリュームの起動</translation>
    </message>
    <message>
        <source>Start volume {volume}?</source>
        <translation>ボリューム {volume} を起動します。よろしいですか？</translation>
    </message>
    <message>
        <source>Volume {volume} has started.</source>
        <translation>ボリューム {volume} を起動しました。</translation>
    </message>
    <message>
        <source>Sto&amp;p Volume</source>
        <translation>ボリュームの停止(&amp;P)</translation>
    </message>
    <message>
        <source>Stop Volume</source>
        <translation>ボリュームの停止</translation>
    </message>
    <message>
        <source>Stop volume {volume}?

Applications can no longer use it until it is started.</source>
        <translation>ボリューム {volume} を停止します。よろしいですか？

起動するまでアプリケーションはボリュームを使用できません。</translation>
    </message>
    <message>
        <source>Volume {volume} has stopped.</source>
        <translation>ボリューム {volume} を停止しました。</translation>
    </message>
    <message>
        <source>Backup images (*.img)</source>
        <translation>バックアップイメージ (*.img)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>すべてのファイル (*)</translation>
    </message>
    <message>
        <source>R&amp;estore Physical Disk</source>
        <translation>物理ディスクの復旧(&amp;E)</translation>
    </message>
    <message>
        <source>Restore Physical Disk</source>
        <translation>物理ディスクの復旧</translation>
    </message>
    <message>
        <source>Restore disk {disk}?

Its slices are copied in full from the other disks of the group.</source>
        <translation>ディスク {disk} を復旧しますか?

スライスはグループの他のディスクから全面的にコピーされます。</translation>
    </message>
    <message>
        <source>Restoring disk {disk} is complete.</source>
        <translation>ディスク {disk} の復旧が完了しました。</translation>
    </message>
    <message>
        <source>Synchronization copying of {volumes} has started.</source>
        <translation>{volumes} の等価性コピーを開始しました。</translation>
    </message>
    <message>
        <source>{done} of {total} MiB, {rate:.0f} MiB/s</source>
        <translation>{done} / {total} MiB、{rate:.0f} MiB/s</translation>
    </message>
    <message>
        <source>&amp;Back up from Access Path...</source>
        <translation>アクセスパスからバックアップ(&amp;B)...</translation>
    </message>
    <message>
        <source>Back up from Access Path</source>
        <translation>アクセスパスからバックアップ</translation>
    </message>
    <message>
        <source>Back up slice {slice} through its access path {path}
to {file}?

Every block of the slice is read ({size}) and a checksum file is written beside the backup.</source>
        <translation>スライス {slice} をアクセスパス {path} から
{file} にバックアップします。よろしいですか？

スライスのすべてのブロック ({size}) を読み、バックアップの隣にチェックサムファイルを書きます。</translation>
    </message>
    <message>
        <source>Backing up {slice} through {path}
to {file}</source>
        <translation>{slice} をアクセスパス {path} から
{file} にバックアップしています</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>The backup of {slice} is complete.

File: {file}
Size: {size} bytes
SHA-256: {sha256}
(written to {checksum})</source>
        <translation>{slice} のバックアップが完了しました。

ファイル: {file}
サイズ: {size} バイト
SHA-256: {sha256}
({checksum} に記録)</translation>
    </message>
    <message>
        <source>The backup was cancelled; no backup file was kept.</source>
        <translation>バックアップをキャンセルしました。バックアップファイルは残していません。</translation>
    </message>
    <message>
        <source>&amp;Verify Backup...</source>
        <translation>バックアップの検証(&amp;V)...</translation>
    </message>
    <message>
        <source>Verify Backup</source>
        <translation>バックアップの検証</translation>
    </message>
    <message>
        <source>Verifying {file}:
checksum, file system, database</source>
        <translation>{file} を検証しています:
チェックサム、ファイルシステム、データベース</translation>
    </message>
    <message>
        <source>Check Status</source>
        <translation>状態の確認</translation>
    </message>
    <message>
        <source>Volume {volume}: the {count} valid slices ({slices}) are identical ({bytes} bytes compared).</source>
        <translation>ボリューム {volume}: {count} 個の正常なスライス ({slices}) は同一です ({bytes} バイトを比較)。</translation>
    </message>
    <message>
        <source>  offset {offset}, {length} bytes</source>
        <translation>  オフセット {offset}、{length} バイト</translation>
    </message>
    <message>
        <source>Volume {volume}: the valid slices differ in {count} ranges:</source>
        <translation>ボリューム {volume}: 正常なスライスの間に {count} か所の相違があります:</translation>
    </message>
    <message>
        <source>Res&amp;tore Backup...</source>
        <translation>バックアップのリストア(&amp;T)...</translation>
    </message>
    <message>
        <source>Restore Backup</source>
        <translation>バックアップのリストア</translation>
    </message>
    <message>
        <source>Write the backup {file}
into {klass}&apos;s volume {volume}?

What the volume holds now is overwritten.</source>
        <translation>バックアップ {file} を
{klass} のボリューム {volume} に書き込みますか?

ボリュームの現在の内容は上書きされます。</translation>
    </message>
    <message>
        <source>Restoring {file}
into {volume}</source>
        <translation>{file} を
{volume} にリストアしています</translation>
    </message>
    <message>
        <source>The backup {file} was restored into {volume} ({size} bytes; its checksum was checked first).</source>
        <translation>バックアップ {file} を {volume} にリストアしました ({size} バイト。最初にチェックサムを確認しました)。</translation>
    </message>
</context>
<context>
    <name>PhysicalDisk</name>
    <message>
        <source>unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>Disk speed in MiB/s</source>
        <translation>ディスクの速度 (MiB/s)</translation>
    </message>
    <message>
        <source>&amp;Unlimited</source>
        <translation>無制限(&amp;U)</translation>
    </message>
    <message>
        <source>As fast as the image file: for benchmarks</source>
        <translation>イメージファイルの速さのまま: ベンチマーク用</translation>
    </message>
    <message>
        <source>The speed applies to every read and write of the disk (copies, the service, backups), shared by every program using it. A real disk moves 150-200 MiB/s.</source>
        <translation>速度はディスクのすべての読み書き (コピー、業務、バックアップ) に適用され、ディスクを使うすべてのプログラムで共有されます。実際のディスクは 150～200 MiB/s です。</translation>
    </message>
</context>
<context>
    <name>Procedure</name>
    <message>
        <source>first Service → Start Service: the procedure backs up a volume in use by its service</source>
        <extracomment>lab.procedure.START_SERVICE_FIRST: the hint while no service runs before step 3.</extracomment>
        <translation>まず 業務 → 業務の開始: この手順は業務で使用中のボリュームをバックアップします</translation>
    </message>
    <message>
        <source>Register backup disk with class.</source>
        <extracomment>The training procedure (lab.procedure.STEPS): titles, what to do, the flow figure&apos;s labels.</extracomment>
        <translation>バックアップ用ディスクをクラスに登録する。</translation>
    </message>
    <message>
        <source>Connect backup disk to group.</source>
        <translation>バックアップ用ディスクをグループに接続する。</translation>
    </message>
    <message>
        <source>After completing synchronization copying, stop service.</source>
        <translation>等価性コピーの完了後、業務を停止する。</translation>
    </message>
    <message>
        <source>Detach slice.</source>
        <translation>スライスを切り離す。</translation>
    </message>
    <message>
        <source>Resume service.</source>
        <translation>業務を再開する。</translation>
    </message>
    <message>
        <source>Perform backup using access path for backup.</source>
        <translation>アクセスパスを使ってバックアップする。</translation>
    </message>
    <message>
        <source>Attach slice.</source>
        <translation>スライスを組み込む。</translation>
    </message>
    <message>
        <source>Disconnect backup disk from group.</source>
        <translation>バックアップ用ディスクをグループから切断する。</translation>
    </message>
    <message>
        <source>Remove backup disk from class.</source>
        <translation>バックアップ用ディスクをクラスから削除する。</translation>
    </message>
    <message>
        <source>Settings → Class Configuration: select the backup disk (sdc), Add: it is registered in Class1</source>
        <translation>設定 → クラスの構成: バックアップディスク (sdc) を選択して 追加: Class1 に登録されます</translation>
    </message>
    <message>
        <source>Settings → Group Configuration: select the backup disk, Connect: copying into Group1&apos;s volumes starts</source>
        <translation>設定 → グループの構成: バックアップディスクを選択して 接続: Group1 のボリュームの等価性コピーが始まります</translation>
    </message>
    <message>
        <source>wait until copying is complete (the new slices are ACTIVE), then Service → Stop Service</source>
        <translation>等価性コピーの完了 (新しいスライスが ACTIVE) を待ってから 業務 → 業務の停止</translation>
    </message>
    <message>
        <source>select the backup disk&apos;s slice in Slice Information, then Operation → Detach Slice</source>
        <translation>スライス情報でバックアップディスクのスライスを選択して 操作 → スライスの切離し</translation>
    </message>
    <message>
        <source>Service → Start Service</source>
        <translation>業務 → 業務の開始</translation>
    </message>
    <message>
        <source>select the detached slice, then Operation → Back up from Access Path</source>
        <translation>切り離したスライスを選択して 操作 → アクセスパスからバックアップ</translation>
    </message>
    <message>
        <source>select the detached slice, then Operation → Attach Slice: copying brings it up to date</source>
        <translation>切り離したスライスを選択して 操作 → スライスの組込み: 等価性コピーで最新になります</translation>
    </message>
    <message>
        <source>Settings → Group Configuration: select the backup disk, Disconnect</source>
        <translation>設定 → グループの構成: バックアップディスクを選択して 切断</translation>
    </message>
    <message>
        <source>Settings → Class Configuration: select the backup disk, Remove</source>
        <translation>設定 → クラスの構成: バックアップディスクを選択して 削除</translation>
    </message>
    <message>
        <source>Register backup disk</source>
        <translation>バックアップ用ディスクの登録</translation>
    </message>
    <message>
        <source>Connect to group</source>
        <translation>グループへの接続</translation>
    </message>
    <message>
        <source>Stop service</source>
        <translation>業務の停止</translation>
    </message>
    <message>
        <source>Detach slice</source>
        <translation>スライスの切離し</translation>
    </message>
    <message>
        <source>Resume service</source>
        <translation>業務の再開</translation>
    </message>
    <message>
        <source>Back up from access path</source>
        <translation>アクセスパスからバックアップ</translation>
    </message>
    <message>
        <source>Attach slice</source>
        <translation>スライスの組込み</translation>
    </message>
    <message>
        <source>Disconnect from group</source>
        <translation>グループからの切断</translation>
    </message>
    <message>
        <source>Remove backup disk</source>
        <translation>バックアップ用ディスクの削除</translation>
    </message>
</context>
<context>
    <name>ProcedurePanel</name>
    <message>
        <source>Reliable backup procedure</source>
        <translation>確実なバックアップの手順</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reliable backup procedure&lt;/b&gt; (GDS guide 7.7.1)</source>
        <translation>&lt;b&gt;確実なバックアップの手順&lt;/b&gt; (GDS ガイド 7.7.1)</translation>
    </message>
    <message>
        <source>Procedure steps</source>
        <translation>手順の一覧</translation>
    </message>
    <message>
        <source>Procedure warnings</source>
        <translation>手順の警告</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>How: {action}</source>
        <translation>操作方法: {action}</translation>
    </message>
    <message>
        <source>step {number} done: {title}</source>
        <translation>手順 {number} 完了: {title}</translation>
    </message>
    <message>
        <source>step {number} not done: {title}</source>
        <translation>手順 {number} 未完了: {title}</translation>
    </message>
    <message>
        <source>Elapsed {time}.</source>
        <translation>経過時間 {time}。</translation>
    </message>
    <message>
        <source>All steps done with no warning.</source>
        <translation>すべての手順を警告なしで完了しました。</translation>
    </message>
    <message>
        <source>All steps done, {count} warnings.</source>
        <translation>すべての手順を完了しました (警告 {count} 件)。</translation>
    </message>
    <message>
        <source>{done} of {total} steps done.
Next: {action}.</source>
        <translation>{total} 手順中 {done} 手順を完了しました。
次: {action}。</translation>
    </message>
</context>
<context>
    <name>RestoreBackupDialog</name>
    <message>
        <source>Restore Backup</source>
        <translation>バックアップのリストア</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>バックアップファイル</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>参照(&amp;B)...</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>ボリューム</translation>
    </message>
    <message>
        <source>Backup &amp;file:</source>
        <translation>バックアップファイル(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Volume:</source>
        <translation>ボリューム(&amp;V):</translation>
    </message>
    <message>
        <source>The backup&apos;s checksum is checked first. Its bytes then replace the volume&apos;s from the first byte, on every slice (mirrored). The volume must not be in use: stop its service and unmount it. Cancel leaves the volume holding part of the backup.</source>
        <translation>最初にバックアップのチェックサムを確認します。次にボリュームの先頭から、すべてのスライスで (ミラーで) ボリュームの内容をバックアップの内容に置き換えます。ボリュームは使用中であってはなりません: 業務を停止し、アンマウントしてください。取り消すと、ボリュームにはバックアップの一部だけが残ります。</translation>
    </message>
    <message>
        <source>No started volume: start a volume first.</source>
        <translation>起動しているボリュームがありません。先にボリュームを起動してください。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <source>Why the operation is not available</source>
        <translation>操作を実行できない理由</translation>
    </message>
    <message>
        <source>Last operation</source>
        <translation>最後の操作</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>閉じる(&amp;C)</translation>
    </message>
    <message>
        <source>Enter a {kind} name.</source>
        <translation>{kind}名を入力してください。</translation>
    </message>
    <message>
        <source>{problem}.</source>
        <translation>{problem}。</translation>
    </message>
    <message>
        <source>Class name</source>
        <translation>クラス名</translation>
    </message>
    <message>
        <source>Class &amp;name:</source>
        <translation>クラス名(&amp;N):</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>グループ名</translation>
    </message>
    <message>
        <source>&amp;Group name:</source>
        <translation>グループ名(&amp;G):</translation>
    </message>
</context>
<context>
    <name>StartServiceDialog</name>
    <message>
        <source>Start Service</source>
        <translation>業務の開始</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>ボリューム</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>アプリケーション</translation>
    </message>
    <message>
        <source>Built-in writer</source>
        <translation>組込みの書き込み業務</translation>
    </message>
    <message>
        <source>PostgreSQL (pgbench)</source>
        <translation>PostgreSQL (pgbench の負荷)</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite (データベース)</translation>
    </message>
    <message>
        <source>A&amp;pplication:</source>
        <translation>アプリケーション(&amp;P):</translation>
    </message>
    <message>
        <source>Write rate in MiB/s</source>
        <translation>書き込み速度 (MiB/s)</translation>
    </message>
    <message>
        <source>Se&amp;quential log appends</source>
        <translation>ログの追記 (シーケンシャル)(&amp;Q)</translation>
    </message>
    <message>
        <source>R&amp;andom 4 KiB updates</source>
        <translation>4 KiB 単位のランダム更新(&amp;A)</translation>
    </message>
    <message>
        <source>An ext4 on the volume (made if it has no file system) holds a PostgreSQL cluster; pgbench runs a TPC-B-like load on it. Stop Service stops pgbench and the server cleanly (a checkpoint) and unmounts the file system.</source>
        <translation>ボリューム上の ext4 (ファイルシステムがなければ作成します) に PostgreSQL のクラスタを置き、pgbench が TPC-B 相当の負荷をかけます。業務の停止で pgbench とサーバを正常に停止し (チェックポイント)、ファイルシステムをアンマウントします。</translation>
    </message>
    <message>
        <source>An ext4 on the volume holds an SQLite database in WAL mode with pgbench&apos;s tables, under the same TPC-B-like load. Stop Service checkpoints it and unmounts the file system.</source>
        <translation>ボリューム上の ext4 に pgbench と同じ表を持つ WAL モードの SQLite データベースを置き、同じ TPC-B 相当の負荷をかけます。業務の停止でチェックポイントを取り、ファイルシステムをアンマウントします。</translation>
    </message>
    <message>
        <source>Not available here: {why}</source>
        <translation>この環境では使えません: {why}</translation>
    </message>
    <message>
        <source>&amp;Volume:</source>
        <translation>ボリューム(&amp;V):</translation>
    </message>
    <message>
        <source>Write &amp;rate:</source>
        <translation>書き込み速度(&amp;R):</translation>
    </message>
    <message>
        <source>Pattern:</source>
        <translation>パターン:</translation>
    </message>
    <message>
        <source>Transactions per second (0: as fast as it goes)</source>
        <translation>毎秒のトランザクション数 (0: できるだけ速く)</translation>
    </message>
    <message>
        <source>as fast as it goes</source>
        <translation>できるだけ速く</translation>
    </message>
    <message>
        <source>pgbench clients</source>
        <translation>pgbench のクライアント数</translation>
    </message>
    <message>
        <source>&amp;Clients:</source>
        <translation>クライアント数(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Transaction rate:</source>
        <translation>トランザクション速度(&amp;T):</translation>
    </message>
    <message>
        <source>Every 4 KiB block carries a sequence number and a checksum, so a backup of the volume can be verified afterwards.</source>
        <translation>4 KiB のブロックごとに通し番号とチェックサムを書き込むため、ボリュームのバックアップを後で検証できます。</translation>
    </message>
    <message>
        <source>No started volume: start a volume first.</source>
        <translation>起動しているボリュームがありません。先にボリュームを起動してください。</translation>
    </message>
</context>
<context>
    <name>VolumeConfigurationDialog</name>
    <message>
        <source>Volume Configuration</source>
        <translation>ボリュームの構成</translation>
    </message>
    <message>
        <source>Volumes of the group</source>
        <translation>グループのボリューム</translation>
    </message>
    <message>
        <source>Volume Name</source>
        <translation>ボリューム名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>&amp;Volumes of the group:</source>
        <translation>グループのボリューム(&amp;V):</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>起動(&amp;T)</translation>
    </message>
    <message>
        <source>Start the volume</source>
        <translation>ボリュームを起動</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>停止(&amp;P)</translation>
    </message>
    <message>
        <source>Stop the volume</source>
        <translation>ボリュームを停止</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the volume</source>
        <translation>ボリュームを削除</translation>
    </message>
    <message>
        <source>New volume name</source>
        <translation>新しいボリュームの名前</translation>
    </message>
    <message>
        <source>New volume size in MiB</source>
        <translation>新しいボリュームのサイズ (MiB)</translation>
    </message>
    <message>
        <source>&amp;JRM (Just Resynchronization Mechanism)</source>
        <translation>JRM (ジャスト・リシンクロナイゼーション機構)(&amp;J)</translation>
    </message>
    <message>
        <source>JRM on</source>
        <translation>JRM オン</translation>
    </message>
    <message>
        <source>Cr&amp;eate</source>
        <translation>作成(&amp;E)</translation>
    </message>
    <message>
        <source>Create the volume</source>
        <translation>ボリュームを作成</translation>
    </message>
    <message>
        <source>New volume</source>
        <translation>新しいボリューム</translation>
    </message>
    <message>
        <source>Volume na&amp;me:</source>
        <translation>ボリューム名(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>サイズ(&amp;S):</translation>
    </message>
    <message>
        <source>{count} disks, {size} each</source>
        <translation>ディスク {count} 台、各 {size}</translation>
    </message>
    <message>
        <source>of {free} free</source>
        <translation>/ 空き {free}</translation>
    </message>
    <message>
        <source>&amp;Volumes of group {group}:</source>
        <translation>グループ {group} のボリューム(&amp;V):</translation>
    </message>
    <message>
        <source>No mirror group yet: connect disks to a group first (Settings → Group Configuration).</source>
        <translation>ミラーグループがありません。先にディスクをグループに接続してください (設定 → グループの構成)。</translation>
    </message>
    <message>
        <source>Volume name: {problem}</source>
        <translation>ボリューム名: {problem}</translation>
    </message>
    <message>
        <source>Group {group} has no free space left.</source>
        <translation>グループ {group} に空き容量がありません。</translation>
    </message>
    <message>
        <source>Create volume {volume} in group {group}</source>
        <translation>グループ {group} にボリューム {volume} を作成します</translation>
    </message>
    <message>
        <source>Start volume {volume}</source>
        <translation>ボリューム {volume} を起動します</translation>
    </message>
    <message>
        <source>Stop volume {volume}</source>
        <translation>ボリューム {volume} を停止します</translation>
    </message>
    <message>
        <source>Remove volume {volume}</source>
        <translation>ボリューム {volume} を削除します</translation>
    </message>
    <message>
        <source>Select a volume first.</source>
        <translation>先にボリュームを選択してください。</translation>
    </message>
    <message>
        <source>Volume {volume} ({size}, JRM {jrm}) created in group {group} and started.</source>
        <translation>ボリューム {volume} ({size}、JRM {jrm}) をグループ {group} に作成し、起動しました。</translation>
    </message>
    <message>
        <source>Create volume {volume} ({size}, JRM {jrm}) in group {group}?

It is a mirror volume on every disk of the group, started at once.</source>
        <translation>グループ {group} にボリューム {volume} ({size}、JRM {jrm}) を作成します。よろしいですか？

グループのすべてのディスク上のミラーボリュームで、すぐに起動します。</translation>
    </message>
    <message>
        <source>Start Volume</source>
        <translation>ボリュームの起動</translation>
    </message>
    <message>
        <source>Start volume {volume}?</source>
        <translation>ボリューム {volume} を起動します。よろしいですか？</translation>
    </message>
    <message>
        <source>Volume {volume} started.</source>
        <translation>ボリューム {volume} を起動しました。</translation>
    </message>
    <message>
        <source>Synchronization copying of its invalid slices has started.</source>
        <translation>無効なスライスの等価性コピーを開始しました。</translation>
    </message>
    <message>
        <source>Stop Volume</source>
        <translation>ボリュームの停止</translation>
    </message>
    <message>
        <source>Stop volume {volume}?

Applications can no longer use it until it is started.</source>
        <translation>ボリューム {volume} を停止します。よろしいですか？

起動するまでアプリケーションはボリュームを使用できません。</translation>
    </message>
    <message>
        <source>Volume {volume} stopped.</source>
        <translation>ボリューム {volume} を停止しました。</translation>
    </message>
    <message>
        <source>Remove Volume</source>
        <translation>ボリュームの削除</translation>
    </message>
    <message>
        <source>Remove volume {volume}?

Its data on every disk of the group is lost.</source>
        <translation>ボリューム {volume} を削除します。よろしいですか？

グループのすべてのディスク上のデータが失われます。</translation>
    </message>
    <message>
        <source>Volume {volume} removed.</source>
        <translation>ボリューム {volume} を削除しました。</translation>
    </message>
</context>
</TS>

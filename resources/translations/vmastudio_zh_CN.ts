<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>Actions</name>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="44" />
      <source>&amp;New</source>
      <translation>新建(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="44" />
      <source>Start from an empty mm</source>
      <translation>从空的 mm 开始</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="47" />
      <source>&amp;Open…</source>
      <translation>打开(&amp;O)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="49" />
      <source>Open a .vmas scenario or a saved maps file</source>
      <translation>打开 .vmas 场景或已保存的 maps 文件</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="52" />
      <source>Open the &amp;demo</source>
      <translation>打开演示(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="52" />
      <source>The built-in demo</source>
      <translation>内置演示</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="55" />
      <source>Open &amp;process…</source>
      <translation>打开进程(&amp;P)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="57" />
      <source>Pick a running process and read its /proc/PID/maps</source>
      <translation>选择一个正在运行的进程并读取它的 /proc/PID/maps</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="60" />
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="60" />
      <source>Save the scenario (atomic)</source>
      <translation>保存场景（原子写入）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="62" />
      <source>Save &amp;as…</source>
      <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="62" />
      <source>Save under a new name</source>
      <translation>以新名称保存</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="63" />
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="63" />
      <source>Close VMA Studio</source>
      <translation>关闭 VMA Studio</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="67" />
      <source>&amp;Insert a VMA…</source>
      <translation>插入 VMA(&amp;I)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="69" />
      <source>Type a range to insert (or drag across a gap in the map)</source>
      <translation>输入要插入的范围（或在地址图的空洞上拖动）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="72" />
      <source>&amp;Erase the selected VMA</source>
      <translation>解除所选 VMA 的映射(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="72" />
      <source>Unmap the selected VMA</source>
      <translation>对所选 VMA 解除映射</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="75" />
      <source>Linux 4.0 profile</source>
      <translation>Linux 4.0 版本</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="75" />
      <source>Kernel profile 4.0</source>
      <translation>内核版本 4.0</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="78" />
      <source>Linux 4.19 profile</source>
      <translation>Linux 4.19 版本</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="78" />
      <source>Kernel profile 4.19</source>
      <translation>内核版本 4.19</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="86" />
      <source>&amp;Play</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="88" />
      <source>Play or pause the steps</source>
      <translation>播放或暂停步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="93" />
      <source>Step &amp;forward</source>
      <translation>前进一步(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="93" />
      <source>Next step</source>
      <translation>下一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="96" />
      <source>Step &amp;back</source>
      <translation>后退一步(&amp;B)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="96" />
      <source>Previous step</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="100" />
      <source>&amp;Next op</source>
      <translation>下一个操作(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="102" />
      <source>First step of the next op</source>
      <translation>下一个操作的第一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="107" />
      <source>P&amp;revious op</source>
      <translation>上一个操作(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="109" />
      <source>First step of the previous op</source>
      <translation>上一个操作的第一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="113" />
      <source>F&amp;irst step</source>
      <translation>第一步(&amp;I)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="113" />
      <source>The initial state</source>
      <translation>初始状态</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="116" />
      <source>&amp;Last step</source>
      <translation>最后一步(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="116" />
      <source>The last step of the last op</source>
      <translation>最后一个操作的最后一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="118" />
      <source>Fas&amp;ter</source>
      <translation>加快(&amp;T)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="118" />
      <source>Play more steps per second</source>
      <translation>每秒播放更多步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="119" />
      <source>S&amp;lower</source>
      <translation>减慢(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="119" />
      <source>Play fewer steps per second</source>
      <translation>每秒播放更少步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="122" />
      <source>Zoom &amp;in</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="122" />
      <source>Zoom in (or the mouse wheel)</source>
      <translation>放大（也可使用鼠标滚轮）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="125" />
      <source>Zoom &amp;out</source>
      <translation>缩小(&amp;O)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="125" />
      <source>Zoom out (or the mouse wheel)</source>
      <translation>缩小（也可使用鼠标滚轮）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="128" />
      <source>&amp;Fit</source>
      <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="128" />
      <source>Fit the whole scene in the window</source>
      <translation>缩放整个场景以适应窗口</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="130" />
      <source>Actual si&amp;ze</source>
      <translation>实际大小(&amp;Z)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="130" />
      <source>Zoom 100%</source>
      <translation>缩放至 100%</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="133" />
      <source>Follow the &amp;action</source>
      <translation>跟随当前动作(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="135" />
      <source>Keep the active nodes in sight</source>
      <translation>让活动节点始终保持在视野内</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="140" />
      <source>&amp;Linear address scale</source>
      <translation>线性地址比例(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="142" />
      <source>Addresses to scale (small VMAs become slivers)</source>
      <translation>按实际比例绘制地址（小的 VMA 会变成细条）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="146" />
      <source>&amp;Dark theme</source>
      <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="146" />
      <source>Dark colours</source>
      <translation>深色配色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="150" />
      <source>&amp;Short addresses</source>
      <translation>短地址(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="152" />
      <source>Four hex digits instead of kernel-like addresses</source>
      <translation>用四位十六进制数代替内核风格的地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="157" />
      <source>&amp;Chinese (简体中文)</source>
      <translation>中文（简体中文）(&amp;C)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="159" />
      <source>Switch the whole window between English and Simplified Chinese</source>
      <translation>在英文和简体中文之间切换整个窗口的语言</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="164" />
      <source>&amp;Present full screen</source>
      <translation>全屏演示(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="166" />
      <source>Show the steps full screen for a lecture hall</source>
      <translation>全屏显示步骤，用于课堂讲授</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="169" />
      <source>&amp;About VMA Studio</source>
      <translation>关于 VMA Studio(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="169" />
      <source>About</source>
      <translation>关于</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="171" />
      <source>&amp;Keyboard shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/actions.py" line="171" />
      <source>List every shortcut</source>
      <translation>列出所有快捷键</translation>
    </message>
  </context>
  <context>
    <name>Autosave</name>
    <message>
      <location filename="../../vmastudio/app/autosave.py" line="355" />
      <source>Autosave failed: cannot write to {0} ({1}). Save your work now.</source>
      <translation>自动保存失败：无法写入 {0}（{1}）。请立即保存您的工作。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/autosave.py" line="454" />
      <source>Autosave</source>
      <translation>自动保存</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/autosave.py" line="490" />
      <source>Recover the unsaved work from {0}?</source>
      <translation>是否恢复 {0} 的未保存工作？</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/autosave.py" line="491" />
      <source>{0}: {1} operations. VMA Studio did not close normally.</source>
      <translation>{0}：{1} 个操作。VMA Studio 上次未正常关闭。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/autosave.py" line="496" />
      <source>Recover unsaved work</source>
      <translation>恢复未保存的工作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/autosave.py" line="510" />
      <source>The autosave {0} cannot be recovered: {1}</source>
      <translation>无法恢复自动保存文件 {0}：{1}</translation>
    </message>
  </context>
  <context>
    <name>CodePanel</name>
    <message>
      <location filename="../../vmastudio/view/panels/code_panel.py" line="71" />
      <source>No step: the initial state.</source>
      <translation>无步骤：初始状态。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/code_panel.py" line="77" />
      <source>Call stack: </source>
      <translation>调用栈： </translation>
    </message>
  </context>
  <context>
    <name>Commands</name>
    <message>
      <location filename="../../vmastudio/model/commands.py" line="28" />
      <source>Insert [{0:x},{1:x})</source>
      <translation>插入 [{0:x},{1:x})</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/commands.py" line="31" />
      <source>Erase [{0:x},{1:x})</source>
      <translation>删除 [{0:x},{1:x})</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/commands.py" line="32" />
      <source>Erase [{0:x},…)</source>
      <translation>解除映射 [{0:x},…)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/commands.py" line="55" />
      <source>Trial [{0:x},{1:x}) → -ENOMEM</source>
      <translation>试插入 [{0:x},{1:x}) → -ENOMEM</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/commands.py" line="65" />
      <source>Kernel profile {0}</source>
      <translation>内核版本 {0}</translation>
    </message>
  </context>
  <context>
    <name>CrashLog</name>
    <message>
      <location filename="../../vmastudio/app/crashlog.py" line="112" />
      <source>A crash report was saved to {0}</source>
      <translation>崩溃报告已保存到 {0}</translation>
    </message>
  </context>
  <context>
    <name>DiffDialog</name>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="89" />
      <source>What changed in process {0}</source>
      <translation>进程 {0} 的变化</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="109" />
      <source>Change</source>
      <translation>变化</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="110" />
      <source>Range</source>
      <translation>范围</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="111" />
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="112" />
      <source>File / name</source>
      <translation>文件 / 名称</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="113" />
      <source>Fields changed</source>
      <translation>改动的字段</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="135" />
      <source>&amp;Append as ops to replay</source>
      <translation>作为操作追加以便重放(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="139" />
      <source>Add the changes at the end as erase and insert ops, replayed by Linux 4.19 and 6.12: step through them to watch both address spaces change.</source>
      <translation>把这些变化作为 erase 和 insert 操作追加到末尾，由 Linux 4.19 和 6.12 重放：逐步查看两个地址空间如何变化。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="144" />
      <source>Add the changes at the end of the document as erase and insert ops, in one undo step: step through them to watch the address space change.</source>
      <translation>把这些变化作为删除和插入操作追加到文档末尾，作为一个撤销步骤：逐步执行它们，观察地址空间如何变化。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="152" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="163" />
      <source>Process {0} since the last read: {1} added, {2} removed, {3} grown, {4} shrunk, {5} changed; {6} unchanged.</source>
      <translation>进程 {0} 自上次读取以来：新增 {1} 个，移除 {2} 个，变大 {3} 个，变小 {4} 个，已改 {5} 个；未变 {6} 个。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="169" />
      <source>Appending adds {0} ops after the last one: first the erases, then the inserts, in address order. Both kernels replay them from the first.</source>
      <translation>追加会在最后一个操作之后添加 {0} 个操作：先是 erase，再是 insert，按地址顺序。两个内核从第一个开始重放。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="174" />
      <source>Appending adds {0} ops after the last one: first the erases, then the inserts, in address order. Edit ▸ Undo removes them all.</source>
      <translation>追加会在最后一个操作之后加入 {0} 个操作：先删除，后插入，按地址顺序。编辑 ▸ 撤销可一次全部移除。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/diff_dialog.py" line="184" />
      <source>Nothing changed in process {0} since the last read ({1} VMAs).</source>
      <translation>进程 {0} 自上次读取以来没有变化（{1} 个 VMA）。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="26" />
      <source>Unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="27" />
      <source>Added</source>
      <translation>新增</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="28" />
      <source>Removed</source>
      <translation>移除</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="29" />
      <source>Grown</source>
      <translation>变大</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="30" />
      <source>Shrunk</source>
      <translation>变小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="31" />
      <source>Changed</source>
      <translation>已改</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="37" />
      <source>anonymous</source>
      <translation>匿名</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="41" />
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="52" />
      <source>end</source>
      <translation>结束地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="54" />
      <source>flags {0}</source>
      <translation>标志 {0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="56" />
      <source>file {0} → {1}</source>
      <translation>文件 {0} → {1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="58" />
      <source>offset {0:#x} → {1:#x}</source>
      <translation>偏移 {0:#x} → {1:#x}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="60" />
      <source>special mapping {0} → {1}</source>
      <translation>特殊映射 {0} → {1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="62" />
      <source>name {0} → {1}</source>
      <translation>名称 {0} → {1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="78" />
      <source>±0 ({0})</source>
      <translation>±0（{0}）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="81" />
      <source>{0}{1} ({2} → {3})</source>
      <translation>{0}{1}（{2} → {3}）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_words.py" line="100" />
      <source>also changed: {0}</source>
      <translation>另有改动：{0}</translation>
    </message>
  </context>
  <context>
    <name>DiffStrip</name>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="148" />
      <source>(and {0} more unchanged VMAs in this pixel)</source>
      <translation>（这个像素里还有 {0} 个未变的 VMA）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="160" />
      <source>Unmapped: {0}
{1}</source>
      <translation>未映射：{0}
{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="173" />
      <source>Changed (flags, file, name)</source>
      <translation>已改（标志、文件、名称）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="174" />
      <source>old end</source>
      <translation>原结束地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="175" />
      <source>new end</source>
      <translation>新结束地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="405" />
      <source>compressed scale: gaps and VMAs grow with the log of their size</source>
      <translation>压缩比例：空隙和 VMA 的宽度按其大小的对数增长</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/diff_strip.py" line="408" />
      <source>No VMAs</source>
      <translation>没有 VMA</translation>
    </message>
  </context>
  <context>
    <name>Document</name>
    <message>
      <location filename="../../vmastudio/model/document.py" line="240" />
      <source>no file name</source>
      <translation>没有文件名</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/document.py" line="248" />
      <source>the document holds text that cannot be saved as UTF-8 ({0})</source>
      <translation>文档中含有无法保存为 UTF-8 的文本（{0}）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/document.py" line="272" />
      <source>untitled.vmas</source>
      <translation>未命名.vmas</translation>
    </message>
    <message>
      <location filename="../../vmastudio/model/document.py" line="378" />
      <source>no VMA starts at 0x{0:x} in the latest state</source>
      <translation>最新状态中没有起始于 0x{0:x} 的 VMA</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <location filename="../../vmastudio/app/errors.py" line="30" />
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/errors.py" line="32" />
      <source>Something went wrong: {0}
Your document is still open; you can save it.</source>
      <translation>出现错误：{0}
文档仍处于打开状态，您可以保存它。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/errors.py" line="39" />
      <source>Copy report</source>
      <translation>复制报告</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/errors.py" line="42" />
      <source>Copy the details, to paste into a bug report</source>
      <translation>复制详细信息，便于粘贴到错误报告中</translation>
    </message>
  </context>
  <context>
    <name>ExplanationPanel</name>
    <message>
      <location filename="../../vmastudio/view/panels/explanation_panel.py" line="48" />
      <source>Initial state: {0} VMAs</source>
      <translation>初始状态：{0} 个 VMA</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="69" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="87" />
      <source>SVG (vector, for the web and Inkscape)</source>
      <translation>SVG（矢量图，用于网页和 Inkscape）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="88" />
      <source>PDF (vector, fonts embedded)</source>
      <translation>PDF（矢量图，嵌入字体）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="89" />
      <source>PNG (raster, for slides)</source>
      <translation>PNG（位图，用于幻灯片）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="90" />
      <source>TikZ (.tex, for LaTeX)</source>
      <translation>TikZ（.tex，用于 LaTeX）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="91" />
      <source>GIF animation of the op's steps</source>
      <translation>操作步骤的 GIF 动画</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="92" />
      <source>APNG animation of the op's steps</source>
      <translation>操作步骤的 APNG 动画</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="93" />
      <source>GraphML (the graph)</source>
      <translation>GraphML（图结构）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="94" />
      <source>DOT (the graph, for Graphviz)</source>
      <translation>DOT（图结构，用于 Graphviz）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="100" />
      <source>light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="101" />
      <source>dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="102" />
      <source>print (greyscale)</source>
      <translation>打印（灰度）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="108" />
      <source>automatic (level of detail past the page)</source>
      <translation>自动（超出页面时使用细节层次）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="109" />
      <source>every node</source>
      <translation>所有节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="110" />
      <source>around the step's node</source>
      <translation>当前步骤节点周围</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="111" />
      <source>an address range</source>
      <translation>一个地址范围</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="112" />
      <source>around an address</source>
      <translation>某个地址周围</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="115" />
      <source>START-END or ADDR, in hex</source>
      <translation>START-END 或 ADDR（十六进制）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="119" />
      <source>depth </source>
      <translation>深度 </translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="122" />
      <source>fit to the figure</source>
      <translation>适应图形大小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="124" />
      <source>US letter</source>
      <translation>美式信纸（Letter）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="128" />
      <source>kernel (0xffff8880…)</source>
      <translation>内核风格（0xffff8880…）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="129" />
      <source>short (0x30c8)</source>
      <translation>短地址（0x30c8）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="143" />
      <source>automatic (at most A3)</source>
      <translation>自动（最大 A3）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="144" />
      <source>Handout: a page per step of the op</source>
      <translation>讲义：该操作每个步骤一页</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="148" />
      <source>from the scale</source>
      <translation>由缩放比例决定</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="151" />
      <source> ms</source>
      <translation> 毫秒</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="152" />
      <source>Transparent background</source>
      <translation>透明背景</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="154" />
      <source>tree</source>
      <translation>红黑树</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="155" />
      <source>list</source>
      <translation>链表</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="156" />
      <source>address map</source>
      <translation>地址图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="157" />
      <source>pointer view</source>
      <translation>指针视图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="158" />
      <source>code</source>
      <translation>代码</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="159" />
      <source>variables</source>
      <translation>变量</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="160" />
      <source>legend</source>
      <translation>图例</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="161" />
      <source>caption</source>
      <translation>图注</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="164" />
      <source>In the figure</source>
      <translation>图中包含</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="173" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="180" />
      <source>Format:</source>
      <translation>格式：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="181" />
      <source>Theme:</source>
      <translation>主题：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="182" />
      <source>Draw in full:</source>
      <translation>完整绘制：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="187" />
      <source>Width on paper:</source>
      <translation>纸面宽度：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="188" />
      <source>PNG/GIF scale:</source>
      <translation>PNG/GIF 缩放比例：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="189" />
      <source>PNG resolution (dpi):</source>
      <translation>PNG 分辨率（dpi）：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="191" />
      <source>PDF paper:</source>
      <translation>PDF 纸张：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="193" />
      <source>Delay per step:</source>
      <translation>每步延时：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="194" />
      <source>Addresses:</source>
      <translation>地址格式：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="195" />
      <source>Language:</source>
      <translation>语言：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="196" />
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="221" />
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="327" />
      <source>address</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="366" />
      <source>Choose at least one part to draw.</source>
      <translation>请至少选择一个要绘制的部分。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="389" />
      <source>{0:.0f} × {1:.0f} mm; {2} of {3} VMAs drawn in full</source>
      <translation>{0:.0f} × {1:.0f} mm；{3} 个 VMA 中完整绘制 {2} 个</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="402" />
      <source>Choose a file to write.</source>
      <translation>请选择要写入的文件。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="407" />
      <source>Could not export: {0}</source>
      <translation>无法导出：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="423" />
      <source>Could not write {0}: {1}</source>
      <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="429" />
      <source>Could not export: not enough memory; choose a smaller scale or width.</source>
      <translation>无法导出：内存不足；请选择更小的缩放或宽度。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="444" />
      <source>the initial state has no steps; choose an op</source>
      <translation>初始状态没有步骤；请选择一个操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/export_dialog.py" line="485" />
      <source>Export to</source>
      <translation>导出到</translation>
    </message>
  </context>
  <context>
    <name>FindVmaDialog</name>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="61" />
      <source>Find VMA</source>
      <translation>查找 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="82" />
      <source>Address (0x7f…), flags (VM_EXEC, r-x) or file name (libc, [heap])</source>
      <translation>地址（0x7f…）、标志（VM_EXEC、r-x）或文件名（libc、[heap]）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="88" />
      <source>&lt;p&gt;Type one of:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;an address&lt;/b&gt;, &lt;tt&gt;0x7f12a000&lt;/tt&gt; or &lt;tt&gt;7f12a000&lt;/tt&gt;: the VMA find_vma() returns, the first one that ends above it;&lt;/li&gt;&lt;li&gt;&lt;b&gt;flags&lt;/b&gt;, &lt;tt&gt;VM_EXEC&lt;/tt&gt;, &lt;tt&gt;exec&lt;/tt&gt;, &lt;tt&gt;read+write&lt;/tt&gt;: VMAs with all of them set;&lt;/li&gt;&lt;li&gt;&lt;b&gt;permissions&lt;/b&gt; as in /proc/PID/maps, &lt;tt&gt;r-x&lt;/tt&gt;, &lt;tt&gt;rw-p&lt;/tt&gt;, &lt;tt&gt;r--s&lt;/tt&gt;: VMAs with exactly these;&lt;/li&gt;&lt;li&gt;&lt;b&gt;anything else&lt;/b&gt;, &lt;tt&gt;libc&lt;/tt&gt;, &lt;tt&gt;[heap]&lt;/tt&gt;, &lt;tt&gt;[stack]&lt;/tt&gt;: VMAs whose file or name contains it (any case).&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Enter goes to the selected VMA; Up and Down move through the results.&lt;/p&gt;</source>
      <translation>&lt;p&gt;可以输入：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;地址&lt;/b&gt;，&lt;tt&gt;0x7f12a000&lt;/tt&gt; 或 &lt;tt&gt;7f12a000&lt;/tt&gt;：find_vma() 返回的 VMA，即第一个结束地址大于它的 VMA；&lt;/li&gt;&lt;li&gt;&lt;b&gt;标志&lt;/b&gt;，&lt;tt&gt;VM_EXEC&lt;/tt&gt;、&lt;tt&gt;exec&lt;/tt&gt;、&lt;tt&gt;read+write&lt;/tt&gt;：同时设置了这些标志的 VMA；&lt;/li&gt;&lt;li&gt;&lt;b&gt;权限&lt;/b&gt;，写法同 /proc/PID/maps，&lt;tt&gt;r-x&lt;/tt&gt;、&lt;tt&gt;rw-p&lt;/tt&gt;、&lt;tt&gt;r--s&lt;/tt&gt;：权限恰好如此的 VMA；&lt;/li&gt;&lt;li&gt;&lt;b&gt;其他任何文字&lt;/b&gt;，&lt;tt&gt;libc&lt;/tt&gt;、&lt;tt&gt;[heap]&lt;/tt&gt;、&lt;tt&gt;[stack]&lt;/tt&gt;：文件名或名称中包含它的 VMA（不区分大小写）。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;按 Enter 跳到选中的 VMA；上下方向键在结果中移动。&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="111" />
      <source>&amp;Go to</source>
      <translation>跳转(&amp;G)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="114" />
      <source>Show the selected VMA (Enter)</source>
      <translation>显示选中的 VMA（Enter）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="117" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="183" />
      <source>Type an address, flags or a file name.</source>
      <translation>请输入地址、标志或文件名。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="185" />
      <source>Unknown flag {0}.</source>
      <translation>未知标志 {0}。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="187" />
      <source>{0} does not fit in a 64-bit address.</source>
      <translation>{0} 超出了 64 位地址的范围。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="193" />
      <source>No VMA at or above {0}</source>
      <translation>{0} 及其以上没有 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="195" />
      <source>{0} lies in this VMA</source>
      <translation>{0} 位于这个 VMA 中</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="196" />
      <source>{0} is in no VMA; find_vma() returns the next one above it</source>
      <translation>{0} 不在任何 VMA 中；find_vma() 返回它上方的下一个 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="200" />
      <source>No matches</source>
      <translation>没有匹配项</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="202" />
      <source>1 match</source>
      <translation>1 个匹配项</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="204" />
      <source>{0} matches, showing the first {1} of {0}</source>
      <translation>{0} 个匹配项，显示 {0} 个中的前 {1} 个</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/find_dialog.py" line="207" />
      <source>{0} matches</source>
      <translation>{0} 个匹配项</translation>
    </message>
  </context>
  <context>
    <name>ImportOrderMenu</name>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="66" />
      <source>Replay order of &amp;imports</source>
      <translation>导入的重放顺序(&amp;I)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="72" />
      <source>&amp;Address order</source>
      <translation>按地址顺序(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="73" />
      <source>One traced insert per VMA, lowest address first</source>
      <translation>每个 VMA 一次带跟踪的插入，从最低地址开始</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="76" />
      <source>&amp;File order</source>
      <translation>按文件顺序(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="77" />
      <source>One traced insert per VMA, in the order of the maps lines</source>
      <translation>每个 VMA 一次带跟踪的插入，按 maps 中各行的顺序</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="80" />
      <source>&amp;Reverse address order</source>
      <translation>按地址逆序(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="81" />
      <source>One traced insert per VMA, highest address first</source>
      <translation>每个 VMA 一次带跟踪的插入，从最高地址开始</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="84" />
      <source>Ra&amp;ndom order</source>
      <translation>随机顺序(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="85" />
      <source>One traced insert per VMA, in a shuffled (repeatable) order</source>
      <translation>每个 VMA 一次带跟踪的插入，按打乱后（可重复）的顺序</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="88" />
      <source>All at &amp;once (bulk load)</source>
      <translation>一次全部载入（批量载入）(&amp;O)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="89" />
      <source>Load the whole space untraced; every insert you add is traced</source>
      <translation>不加跟踪地载入整个地址空间；之后你添加的每次插入都会被跟踪</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="95" />
      <source>A&amp;utomatic</source>
      <translation>自动(&amp;U)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="96" />
      <source>All at once above {0} VMAs, address order below</source>
      <translation>超过 {0} 个 VMA 时一次全部载入，否则按地址顺序</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="123" />
      <source>Open imports in</source>
      <translation>导入后打开于</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="125" />
      <source>This machine runs Linux {0}: since 6.1 the kernel keeps a process's VMAs in a maple tree, so maps files and processes open in the 6.12 view (with 4.19 beside it) by default</source>
      <translation>本机运行 Linux {0}：自 6.1 起内核用 maple tree保存进程的线性区（VMA），因此 maps 文件和进程默认在 6.12 视图中打开（旁边是 4.19）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="131" />
      <source>This machine runs Linux {0}, older than the maple tree (6.1): maps files and processes open in the 4.x window by default</source>
      <translation>本机运行 Linux {0}，早于 maple tree（6.1）：maps 文件和进程默认在 4.x 窗口中打开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="141" />
      <source>Linux &amp;6.12 (maple tree), side by side with 4.19</source>
      <translation>Linux 6.12（maple tree），与 4.19 并排(&amp;6)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="145" />
      <source>Linux &amp;4.x window (red-black tree)</source>
      <translation>Linux 4.x 窗口（红黑树）(&amp;4)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/import_order.py" line="146" />
      <source>Open maps files and processes in this window, replayed by the 4.x engine</source>
      <translation>在本窗口中打开 maps 文件和进程，由 4.x 引擎重放</translation>
    </message>
  </context>
  <context>
    <name>InsertDialog</name>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="54" />
      <source>Insert a VMA</source>
      <translation>插入线性区（VMA）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="61" />
      <source>anonymous (no file)</source>
      <translation>匿名（无文件）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="63" />
      <source>a label, e.g. heap</source>
      <translation>标签，例如 heap</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="65" />
      <source>optional caption for this op</source>
      <translation>此操作的说明（可选）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="67" />
      <source>vm_start: page-aligned hex address</source>
      <translation>vm_start：按页对齐的十六进制地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="68" />
      <source>vm_end: the first byte after the VMA (page-aligned)</source>
      <translation>vm_end：VMA 之后的第一个字节（按页对齐）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="69" />
      <source>vm_file: a path, or empty for an anonymous mapping</source>
      <translation>vm_file：文件路径；匿名映射则留空</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="73" />
      <source>vm_start</source>
      <translation>vm_start</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="74" />
      <source>vm_end</source>
      <translation>vm_end</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="75" />
      <source>file</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="76" />
      <source>name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="77" />
      <source>caption</source>
      <translation>说明</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="78" />
      <source>vm_flags</source>
      <translation>vm_flags</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="146" />
      <source>✓ {0} ({1} pages)</source>
      <translation>✓ {0}（{1} 页）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/insert_dialog.py" line="152" />
      <source>Overlaps [{0:x},{1:x}): this runs as a trial, and the kernel answers -ENOMEM (the tree stays unchanged).</source>
      <translation>与 [{0:x},{1:x}) 重叠：将作为试插入运行，内核返回 -ENOMEM（树保持不变）。</translation>
    </message>
  </context>
  <context>
    <name>InspectorPanel</name>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="19" />
      <source>Click a VMA in any drawing to inspect it.</source>
      <translation>在任一视图中单击某个 VMA 即可查看其详情。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="23" />
      <source>field</source>
      <translation>字段</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="23" />
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="67" />
      <source>struct</source>
      <translation>结构体</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="71" />
      <source>size</source>
      <translation>大小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="77" />
      <source>name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="81" />
      <source>rb colour</source>
      <translation>rb 颜色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="82" />
      <source>red</source>
      <translation>红色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="82" />
      <source>black</source>
      <translation>黑色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="88" />
      <source>in tree</source>
      <translation>在树中</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="88" />
      <source>yes</source>
      <translation>是</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="88" />
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/inspector_panel.py" line="90" />
      <source>VMA [{0:x},{1:x})</source>
      <translation>VMA [{0:x},{1:x})</translation>
    </message>
  </context>
  <context>
    <name>LegendPanel</name>
    <message>
      <location filename="../../vmastudio/view/panels/legend_panel.py" line="109" />
      <source>black node: square, thick outline, tag B</source>
      <translation>黑色节点：方形，粗边框，标记 B</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/legend_panel.py" line="113" />
      <source>red node: rounded, light, tag R</source>
      <translation>红色节点：圆角，浅色，标记 R</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/legend_panel.py" line="125" />
      <source>hatched, dashed: not in the tree / a trial range</source>
      <translation>斜线填充、虚线边框：不在树中 / 试插入的范围</translation>
    </message>
  </context>
  <context>
    <name>LessonDialog</name>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="42" />
      <source>Pointer-to-pointer lesson</source>
      <translation>二级指针教程</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="50" />
      <source>Choose an example</source>
      <translation>选择一个示例</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="58" />
      <source>◀ Back</source>
      <translation>◀ 上一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="59" />
      <source>Previous step (Left)</source>
      <translation>上一步（Left）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="60" />
      <source>Next ▶</source>
      <translation>下一步 ▶</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="61" />
      <source>Next step (Right)</source>
      <translation>下一步（Right）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="63" />
      <source>Example:</source>
      <translation>示例：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lesson_dialog.py" line="111" />
      <source>step {0}/{1}</source>
      <translation>步骤 {0}/{1}</translation>
    </message>
  </context>
  <context>
    <name>LoadProgress</name>
    <message>
      <location filename="../../vmastudio/app/load_progress.py" line="79" />
      <source>Opening {0}…</source>
      <translation>正在打开 {0}…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/load_progress.py" line="79" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/load_progress.py" line="82" />
      <source>Opening</source>
      <translation>正在打开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/load_progress.py" line="107" />
      <source>Drawing {0}…</source>
      <translation>正在绘制 {0}…</translation>
    </message>
  </context>
  <context>
    <name>LodLayer</name>
    <message>
      <location filename="../../vmastudio/view/lod.py" line="382" />
      <source>{0} VMAs · height {1}</source>
      <translation>{0} 个 VMA · 高度 {1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/lod.py" line="425" />
      <source>Subtree of {0:x}: {1} VMAs, height {2}, {3:.0f}% red nodes.
Zoom in to see its nodes.</source>
      <translation>{0:x} 的子树：{1} 个 VMA，高度 {2}，红色结点占 {3:.0f}%。
放大可看到各个结点。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/lod.py" line="464" />
      <source>mm-&gt;mmap: {0} VMAs in address order (zoom in for the boxes)</source>
      <translation>mm-&gt;mmap：按地址排列的 {0} 个 VMA（放大后显示各个方框）</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="181" />
      <source>Cannot erase: {0}</source>
      <translation>无法解除映射：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="188" />
      <source>Select a VMA first (click it).</source>
      <translation>请先选择一个 VMA（单击它）。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="209" />
      <source>kernel {0}</source>
      <translation>内核 {0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="230" />
      <source>Go to address</source>
      <translation>转到地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="230" />
      <source>Address (hex, e.g. 0x7f0000001000):</source>
      <translation>地址（十六进制，例如 0x7f0000001000）：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="240" />
      <source>Not a hex address: {0}</source>
      <translation>不是十六进制地址：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="247" />
      <source>No VMA ends above 0x{0:x}: find_vma() returns NULL</source>
      <translation>没有结束地址高于 0x{0:x} 的 VMA：find_vma() 返回 NULL</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="333" />
      <source>new VMA [{0:#x}, {1:#x}): {2} pages</source>
      <translation>新 VMA [{0:#x}, {1:#x})：{2} 页</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="350" />
      <source>&amp;Pause</source>
      <translation>暂停(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="354" />
      <source>&amp;Play</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="410" />
      <source>The {0} translation is missing from this installation.</source>
      <translation>此安装中缺少 {0} 翻译文件。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="464" />
      <source>Presentation mode is not available.</source>
      <translation>演示模式不可用。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="483" />
      <source>About VMA Studio</source>
      <translation>关于 VMA Studio</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="484" />
      <source>&lt;b&gt;VMA Studio {0}&lt;/b&gt;&lt;br&gt;See the Linux kernel insert a VMA: insert_vm_struct(), find_vma_links() and the augmented red-black tree, step by step (Linux 4.0 and 4.19).</source>
      <translation>&lt;b&gt;VMA Studio {0}&lt;/b&gt;&lt;br&gt;逐步观察 Linux 内核如何插入一个线性区（VMA）：insert_vm_struct()、find_vma_links() 以及增强红黑树（Linux 4.0 和 4.19）。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/main_window.py" line="503" />
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="67" />
      <source>Steps</source>
      <translation>步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="68" />
      <source>Legend</source>
      <translation>图例</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="69" />
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="70" />
      <source>Variables</source>
      <translation>变量</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="71" />
      <source>Inspector</source>
      <translation>检查器</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="72" />
      <source>Explanation</source>
      <translation>讲解</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="73" />
      <source>Pointers</source>
      <translation>指针</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="74" />
      <source>Overview</source>
      <translation>概览</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="85" />
      <source>The whole address space, small; click or drag to move the view</source>
      <translation>整个地址空间的缩略图；点击或拖动可移动视图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="88" />
      <source>The locals of insert_vm_struct() and find_vma_links() and the rb_node fields they point at, with simulated addresses</source>
      <translation>insert_vm_struct() 和 find_vma_links() 的局部变量及其所指向的 rb_node 字段，附模拟地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="195" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="198" />
      <source>&amp;Examples</source>
      <translation>示例(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="203" />
      <source>Re&amp;fresh process</source>
      <translation>刷新进程(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="207" />
      <source>Re-read the imported process and replay what changed (Ctrl+Shift+R)</source>
      <translation>重新读取已导入的进程，并回放发生的变化（Ctrl+Shift+R）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="211" />
      <source>Open &amp;recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="215" />
      <source>&amp;Export figure…</source>
      <translation>导出图形(&amp;E)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="219" />
      <source>Export the current step as SVG, PDF, PNG, TikZ, GIF/APNG or a graph (Ctrl+E)</source>
      <translation>把当前步骤导出为 SVG、PDF、PNG、TikZ、GIF/APNG 或图数据（Ctrl+E）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="224" />
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="225" />
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="228" />
      <source>&amp;Redo</source>
      <translation>重做(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="237" />
      <source>&amp;Find VMA…</source>
      <translation>查找 VMA(&amp;F)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="241" />
      <source>Find VMAs by address (find_vma), flags or file name (Ctrl+F)</source>
      <translation>按地址（find_vma）、标志或文件名查找 VMA（Ctrl+F）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="245" />
      <source>&amp;Kernel profile</source>
      <translation>内核版本(&amp;K)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="250" />
      <source>Linux 6.12 (maple tree), side by side with 4.19…</source>
      <translation>Linux 6.12（maple tree），与 4.19 并排…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="255" />
      <source>Replay this scenario in Linux 4.19 and in Linux 6.12, two drawings op by op</source>
      <translation>在 Linux 4.19 和 Linux 6.12 中重放此场景，两幅图逐个操作对照</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="258" />
      <source>&amp;Step</source>
      <translation>步骤(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="264" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="267" />
      <source>&amp;Go to address…</source>
      <translation>转到地址(&amp;G)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="271" />
      <source>Find the VMA that holds an address (find_vma) and show it (Ctrl+G)</source>
      <translation>查找包含某地址的 VMA（find_vma）并显示它（Ctrl+G）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="277" />
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="290" />
      <source>&amp;Panels</source>
      <translation>面板(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="293" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="294" />
      <source>Pointer-to-pointer &amp;lesson…</source>
      <translation>二级指针教程(&amp;L)…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="297" />
      <source>A linked list insert and removal with struct node **: the idiom find_vma_links() uses</source>
      <translation>用 struct node ** 实现链表的插入与删除：find_vma_links() 所用的惯用法</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="313" />
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="314" />
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="323" />
      <source> steps/s</source>
      <translation> 步/秒</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="324" />
      <source>Playback speed</source>
      <translation>播放速度</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="346" />
      <source>Lectures</source>
      <translation>授课</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="350" />
      <source>{0} (a real /proc/PID/maps)</source>
      <translation>{0}（真实的 /proc/PID/maps）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_build.py" line="359" />
      <source>The document's kernel profile (Edit ▸ Kernel profile)</source>
      <translation>文档的内核版本（编辑 ▸ 内核版本）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="108" />
      <source>Unsaved changes</source>
      <translation>未保存的更改</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="109" />
      <source>{0} has unsaved changes. Save them?</source>
      <translation>{0} 有未保存的更改。是否保存？</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="131" />
      <source>This installation is broken: {0}</source>
      <translation>此安装已损坏：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="157" />
      <source>The example {0} is broken: {1}</source>
      <translation>示例 {0} 已损坏：{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="164" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="184" />
      <source>Opening cancelled</source>
      <translation>已取消打开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="195" />
      <source>Cannot open this file:
{0}</source>
      <translation>无法打开此文件：
{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="246" />
      <source>Opened in Linux 6.12 side by side (this machine's kernel has the maple tree); File ▸ Replay order of imports ▸ Linux 4.x opens imports here</source>
      <translation>已在 Linux 6.12 并排视图中打开（本机内核使用 maple tree）；在“文件 ▸ 导入的重放顺序 ▸ Linux 4.x”中可改为在本窗口打开导入</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="251" />
      <source>Opened in Linux 6.12 side by side; File ▸ Replay order of imports ▸ Linux 4.x opens imports here</source>
      <translation>已在 Linux 6.12 并排视图中打开；在“文件 ▸ 导入的重放顺序 ▸ Linux 4.x”中可改为在本窗口打开导入</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="276" />
      <source>Cannot import process {0}:
{1}</source>
      <translation>无法导入进程 {0}：
{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="333" />
      <source>Cannot refresh process {0}:
{1}</source>
      <translation>无法刷新进程 {0}：
{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="366" />
      <source>Save as</source>
      <translation>另存为</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="378" />
      <source>Cannot save {0}:
{1}</source>
      <translation>无法保存 {0}：
{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="381" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/window_files.py" line="397" />
      <source>VMA Studio</source>
      <translation>VMA Studio</translation>
    </message>
  </context>
  <context>
    <name>MaplePointerView</name>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="94" />
      <source>Click a maple node's box or an arrow into it to show it in the tree</source>
      <translation>点击 maple 节点的方框或指向它的箭头，即可在树中显示该节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="185" />
      <source>Show maple node #{0} in the tree</source>
      <translation>在树中显示 maple 节点 #{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="225" />
      <source>Short addresses (low 16 bits)</source>
      <translation>短地址（低 16 位）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="228" />
      <source>Show addresses as 0x5580 instead of 0xffffc90000c35580</source>
      <translation>地址显示为 0x5580，而不是 0xffffc90000c35580</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="230" />
      <source>Fit to the panel</source>
      <translation>适应面板大小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="306" />
      <source>Pointers: ma_state and ma_wr_state</source>
      <translation>指针：ma_state 与 ma_wr_state</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="323" />
      <source>Pointers (ma_state)</source>
      <translation>指针（ma_state）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/maple_pointer_view.py" line="326" />
      <source>Show or hide the pointer view of ma_state and ma_wr_state ({0})</source>
      <translation>显示或隐藏 ma_state 与 ma_wr_state 的指针视图（{0}）</translation>
    </message>
  </context>
  <context>
    <name>MaplePresentation</name>
    <message>
      <location filename="../../vmastudio/app/maple_presentation.py" line="128" />
      <source>VMA Studio — Linux 6.12 lecture</source>
      <translation>VMA Studio — Linux 6.12 讲座</translation>
    </message>
  </context>
  <context>
    <name>PointerView</name>
    <message>
      <location filename="../../vmastudio/view/pointer/frame_item.py" line="67" />
      <source>stack frame</source>
      <translation>栈帧</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/pointer/pointer_view.py" line="73" />
      <source>Pointers</source>
      <translation>指针</translation>
    </message>
  </context>
  <context>
    <name>PresentationWindow</name>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="101" />
      <source>Initial state: {0} VMAs</source>
      <translation>初始状态：{0} 个 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="133" />
      <source>next step</source>
      <translation>下一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="134" />
      <source>previous step</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="135" />
      <source>first / last step</source>
      <translation>第一步 / 最后一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="136" />
      <source>next op</source>
      <translation>下一个操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="137" />
      <source>previous op</source>
      <translation>上一个操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="138" />
      <source>number + Enter</source>
      <translation>数字 + Enter</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="138" />
      <source>go to that op</source>
      <translation>跳到该操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="139" />
      <source>number + G</source>
      <translation>数字 + G</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="139" />
      <source>go to that step of the talk</source>
      <translation>跳到讲解的该步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="140" />
      <source>list of the ops (chapters)</source>
      <translation>操作列表（章节）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="141" />
      <source>black screen (any key returns)</source>
      <translation>黑屏（按任意键返回）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="142" />
      <source>white screen (any key returns)</source>
      <translation>白屏（按任意键返回）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="143" />
      <source>pen / highlighter / laser pointer</source>
      <translation>画笔 / 荧光笔 / 激光笔</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="144" />
      <source>erase the annotations</source>
      <translation>清除批注</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="145" />
      <source>next theme: light, dark, high contrast</source>
      <translation>切换主题：浅色、深色、高对比度</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="146" />
      <source>reduce motion on/off</source>
      <translation>开启/关闭减少动画</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="147" />
      <source>autoplay on/off</source>
      <translation>开启/关闭自动播放</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="148" />
      <source>presenter view on/off</source>
      <translation>开启/关闭演讲者视图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="149" />
      <source>quiz: predict each decision before it is shown</source>
      <translation>测验：在显示之前预测每一个决策</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="150" />
      <source>pointer view on/off</source>
      <translation>开启/关闭指针视图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="151" />
      <source>bigger / smaller labels</source>
      <translation>放大 / 缩小标签</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="152" />
      <source>this sheet</source>
      <translation>显示本帮助</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/texts.py" line="153" />
      <source>leave the presentation</source>
      <translation>退出演示</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="109" />
      <source>VMA Studio — presentation</source>
      <translation>VMA Studio — 演示</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="136" />
      <source>Presentation keys</source>
      <translation>演示快捷键</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="181" />
      <source>theme: {0}</source>
      <translation>主题：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="182" />
      <source>reduce motion: on</source>
      <translation>减少动画：开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="183" />
      <source>reduce motion: off</source>
      <translation>减少动画：关</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="184" />
      <source>quiz: on</source>
      <translation>测验：开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="185" />
      <source>quiz: off</source>
      <translation>测验：关</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="186" />
      <source>autoplay: on</source>
      <translation>自动播放：开</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="187" />
      <source>autoplay: off</source>
      <translation>自动播放：关</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="188" />
      <source>Right! {0}</source>
      <translation>答对了！{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="189" />
      <source>Not this time: the kernel chose {0}</source>
      <translation>这次不对：内核选择的是 {0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presentation.py" line="526" />
      <source>Click an empty slot (NULL) of the tree</source>
      <translation>请点击树中的一个空槽（NULL）</translation>
    </message>
  </context>
  <context>
    <name>Presenter612</name>
    <message>
      <location filename="../../vmastudio/app/lecture/presenter612.py" line="37" />
      <source>VMA Studio — Linux 6.12 presenter view</source>
      <translation>VMA Studio — Linux 6.12 演讲者视图</translation>
    </message>
  </context>
  <context>
    <name>PresenterView</name>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="36" />
      <source>VMA Studio — presenter view</source>
      <translation>VMA Studio — 演讲者视图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="47" />
      <source>Now</source>
      <translation>当前</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="47" />
      <source>Next</source>
      <translation>下一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="47" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="51" />
      <source>elapsed {0}</source>
      <translation>已用时 {0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="71" />
      <source>End of the scenario</source>
      <translation>场景结束</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="79" />
      <source>same op, step {0} of {1}</source>
      <translation>同一操作，第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/presenter.py" line="87" />
      <source>No notes for this op.</source>
      <translation>此操作没有备注。</translation>
    </message>
  </context>
  <context>
    <name>ProcessDialog</name>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="216" />
      <source>Open a process</source>
      <translation>打开进程</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="222" />
      <source>Search by PID, name or user</source>
      <translation>按 PID、名称或用户搜索</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="256" />
      <source>Linux 6.12 (maple tree), side by side with 4.19</source>
      <translation>Linux 6.12（maple tree），与 4.19 并排</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="257" />
      <source>Linux 4.x window (red-black tree)</source>
      <translation>Linux 4.x 窗口（红黑树）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="260" />
      <source>This machine runs Linux {0}: its processes keep their VMAs in a maple tree.</source>
      <translation>本机运行 Linux {0}：其进程的 VMA 保存在 maple tree中。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="262" />
      <source>This machine runs Linux {0}: older than the maple tree (6.1).</source>
      <translation>本机运行 Linux {0}：早于 maple tree（6.1）。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="266" />
      <source>Open &amp;in:</source>
      <translation>打开于(&amp;I)：</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="277" />
      <source>&amp;Open</source>
      <translation>打开(&amp;O)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="282" />
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="285" />
      <source>Read the list of processes again</source>
      <translation>重新读取进程列表</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="316" />
      <source>Cannot list the processes in {0}: {1}</source>
      <translation>无法列出 {0} 中的进程：{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="377" />
      <source>Process {0} belongs to {1}: you may not read its memory map (/proc/{2}/maps). Run VMA Studio as that user or as root.</source>
      <translation>进程 {0} 属于 {1}：你无权读取它的内存映射（/proc/{2}/maps）。请以该用户或 root 身份运行 VMA Studio。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="382" />
      <source>Process {0} has exited. Refresh the list.</source>
      <translation>进程 {0} 已退出。请刷新列表。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="384" />
      <source>Process {0} is a kernel thread: it has no user address space to show.</source>
      <translation>进程 {0} 是内核线程：没有可显示的用户地址空间。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="387" />
      <source>Process {0} cannot be opened: {1}</source>
      <translation>无法打开进程 {0}：{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="393" />
      <source>Choose a process first.</source>
      <translation>请先选择一个进程。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="434" />
      <source>{0} of {1} processes shown; {2} can be opened</source>
      <translation>显示 {0} / {1} 个进程；{2} 个可以打开</translation>
    </message>
  </context>
  <context>
    <name>ProcessModel</name>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="131" />
      <source>PID</source>
      <translation>PID</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="131" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="131" />
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="131" />
      <source>VMAs</source>
      <translation>VMA 数</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="139" />
      <source>Permission denied: its memory map belongs to another user</source>
      <translation>权限不足：其内存映射属于另一个用户</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="141" />
      <source>Exited</source>
      <translation>已退出</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="143" />
      <source>A kernel thread: no user address space</source>
      <translation>内核线程：没有用户地址空间</translation>
    </message>
  </context>
  <context>
    <name>ProcessRefresh</name>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="484" />
      <source>no VMA starts at 0x{0:x} in the latest state</source>
      <translation>最新状态中没有起始于 0x{0:x} 的 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="487" />
      <source>Refresh: added</source>
      <translation>刷新：新增</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="488" />
      <source>Refresh: grown</source>
      <translation>刷新：扩大</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="489" />
      <source>Refresh: shrunk</source>
      <translation>刷新：缩小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="490" />
      <source>Refresh: changed</source>
      <translation>刷新：属性改变</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="493" />
      <source>Refresh from the process</source>
      <translation>从进程刷新</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="513" />
      <source>No change since the last read.</source>
      <translation>自上次读取以来没有变化。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="514" />
      <source>{0} added, {1} removed, {2} grown, {3} shrunk, {4} changed</source>
      <translation>新增 {0} 个，移除 {1} 个，扩大 {2} 个，缩小 {3} 个，属性改变 {4} 个</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="519" />
      <source>added [{0:x}, {1:x}){2}</source>
      <translation>新增 [{0:x}, {1:x}){2}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="522" />
      <source>removed [{0:x}, {1:x}){2}</source>
      <translation>移除 [{0:x}, {1:x}){2}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="524" />
      <source>grown</source>
      <translation>扩大</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="525" />
      <source>shrunk</source>
      <translation>缩小</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="527" />
      <source>{0} [{1:x}, {2:x}) → [{1:x}, {3:x}){4}</source>
      <translation>{0} [{1:x}, {2:x}) → [{1:x}, {3:x}){4}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="532" />
      <source>changed [{0:x}, {1:x}){2}: {3}</source>
      <translation>属性改变 [{0:x}, {1:x}){2}：{3}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/process_dialog.py" line="539" />
      <source>… and {0} more</source>
      <translation>……还有 {0} 项</translation>
    </message>
  </context>
  <context>
    <name>Projector</name>
    <message>
      <location filename="../../vmastudio/app/lecture/theme.py" line="20" />
      <source>light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/theme.py" line="21" />
      <source>dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/lecture/theme.py" line="22" />
      <source>high contrast</source>
      <translation>高对比度</translation>
    </message>
  </context>
  <context>
    <name>Quiz</name>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="57" />
      <source>mm-&gt;mm_rb (the tree is empty)</source>
      <translation>mm-&gt;mm_rb（树为空）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="63" />
      <source>rb_left of {0}</source>
      <translation>{0} 的 rb_left</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="65" />
      <source>rb_right of {0}</source>
      <translation>{0} 的 rb_right</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="117" />
      <source>Inserting {0}: at the node {1}, what does find_vma_links() do?</source>
      <translation>插入 {0}：在节点 {1} 处，find_vma_links() 会怎么做？</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="119" />
      <source>go left (rb_left)</source>
      <translation>向左走（rb_left）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="120" />
      <source>go right (rb_right)</source>
      <translation>向右走（rb_right）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="121" />
      <source>stop: overlap, -ENOMEM</source>
      <translation>停止：重叠，-ENOMEM</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="134" />
      <source>Inserting {0}: where does the new node hang? Click the empty slot on the scene.</source>
      <translation>插入 {0}：新节点会挂在哪里？请在场景中点击那个空槽。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="148" />
      <source>The new node is linked red. Which fix-up does the kernel apply first?</source>
      <translation>新节点以红色链入。内核首先执行哪种修正？</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="150" />
      <source>none: the parent is black</source>
      <translation>无需修正：父节点为黑色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="151" />
      <source>case 1: red uncle, recolour</source>
      <translation>情况 1：叔节点为红色，变色</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="152" />
      <source>case 2: inner child, rotate at the parent</source>
      <translation>情况 2：内侧子节点，在父节点处旋转</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="153" />
      <source>case 3: outer child, rotate at the grandparent</source>
      <translation>情况 3：外侧子节点，在祖父节点处旋转</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="192" />
      <source>Predict the next step</source>
      <translation>预测下一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz.py" line="200" />
      <source>Click a NULL slot in the tree (Esc skips).</source>
      <translation>点击树中的一个 NULL 空槽（按 Esc 跳过）。</translation>
    </message>
  </context>
  <context>
    <name>Quiz612</name>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="117" />
      <source>Answer with a button, a digit key, or a click on the slot (Esc skips).</source>
      <translation>用按钮、数字键或点击槽位作答（Esc 跳过）。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="119" />
      <source>Answer with a button or a digit key (Esc skips).</source>
      <translation>用按钮或数字键作答（Esc 跳过）。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="123" />
      <source>Predict the next step</source>
      <translation>预测下一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="138" />
      <source>Key {0}</source>
      <translation>按键 {0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="184" />
      <source>Quiz</source>
      <translation>测验</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="189" />
      <source>Quiz: predict the 6.12 side's decisions before they are shown ({0})</source>
      <translation>测验：在 6.12 一侧显示之前预测它的决定（{0}）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="243" />
      <source>Right: {0}</source>
      <translation>答对了：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="246" />
      <source>Not quite — you said {0}; the kernel: {1}</source>
      <translation>不对——你选了 {0}；内核的做法：{1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="250" />
      <source>score {0} / {1}</source>
      <translation>得分 {0} / {1}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/quiz612_panel.py" line="289" />
      <source>op {0}: predict the next step</source>
      <translation>操作 {0}：预测下一步</translation>
    </message>
  </context>
  <context>
    <name>Roles</name>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="29" />
      <source>conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="30" />
      <source>node</source>
      <translation>节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="31" />
      <source>new vma</source>
      <translation>新 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="32" />
      <source>rb_link</source>
      <translation>rb_link</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="33" />
      <source>rb_parent</source>
      <translation>rb_parent</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="34" />
      <source>prev</source>
      <translation>前驱</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="35" />
      <source>next</source>
      <translation>后继</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="36" />
      <source>gparent</source>
      <translation>祖父节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="37" />
      <source>uncle</source>
      <translation>叔节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="38" />
      <source>sibling</source>
      <translation>兄弟节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="46" />
      <source>the VMA the new range overlaps (-ENOMEM)</source>
      <translation>与新范围重叠的 VMA（-ENOMEM）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="47" />
      <source>the node being looked at</source>
      <translation>正在查看的节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="48" />
      <source>the VMA being inserted</source>
      <translation>正在插入的 VMA</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="49" />
      <source>the slot *rb_link points at (rb_left/rb_right or the root)</source>
      <translation>*rb_link 所指的槽位（rb_left/rb_right 或根节点）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="52" />
      <source>rb_parent: the node it hangs under</source>
      <translation>rb_parent：新节点所挂接的父节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="53" />
      <source>prev: the VMA just below (vm_prev)</source>
      <translation>prev：紧邻其下的 VMA（vm_prev）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="54" />
      <source>next: the VMA just above (vm_next)</source>
      <translation>next：紧邻其上的 VMA（vm_next）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="55" />
      <source>the parent's parent</source>
      <translation>父节点的父节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="56" />
      <source>the parent's sibling</source>
      <translation>父节点的兄弟节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/theme.py" line="57" />
      <source>the sibling (erase rebalancing)</source>
      <translation>兄弟节点（删除时的平衡调整）</translation>
    </message>
  </context>
  <context>
    <name>SideBySide</name>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="123" />
      <source>{0} — 4.19 and 6.12 side by side — VMA Studio</source>
      <translation>{0} — 4.19 与 6.12 并排 — VMA Studio</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="124" />
      <source>scenario</source>
      <translation>场景</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="142" />
      <source>Linux 6.12: mm-&gt;mm_mt, the maple tree</source>
      <translation>Linux 6.12：mm-&gt;mm_mt，maple tree</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="157" />
      <source>Linux 4.19: mm-&gt;mmap and mm-&gt;mm_rb, the red-black tree</source>
      <translation>Linux 4.19：mm-&gt;mmap 与 mm-&gt;mm_rb，红黑树</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="166" />
      <source>This scenario uses ops that exist only in 6.12 (munmap over a range, map_fixed, empty_area): there is no 4.19 side.</source>
      <translation>此场景使用了只有 6.12 才有的操作（跨范围的 munmap、map_fixed、empty_area）：没有 4.19 一侧。</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="210" />
      <source>Side by side</source>
      <translation>并排</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="215" />
      <source>Previous op</source>
      <translation>上一个操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="219" />
      <source>Next op</source>
      <translation>下一个操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="220" />
      <source>4.19 step back</source>
      <translation>4.19 后退一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="221" />
      <source>4.19 step</source>
      <translation>4.19 前进一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="222" />
      <source>6.12 step back</source>
      <translation>6.12 后退一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="223" />
      <source>6.12 step</source>
      <translation>6.12 前进一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="224" />
      <source>Step both</source>
      <translation>两边各走一步</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="225" />
      <source>Fit both</source>
      <translation>两边适应窗口</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="226" />
      <source>Present</source>
      <translation>全屏演示</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="235" />
      <source>Refresh process</source>
      <translation>刷新进程</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="239" />
      <source>Read the process's maps again, show what changed and replay it in both kernels (Ctrl+Shift+R)</source>
      <translation>重新读取进程的 maps，显示变化，并在两个内核中重放（Ctrl+Shift+R）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="379" />
      <source>initial state</source>
      <translation>初始状态</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="382" />
      <source>maple tree: height {0}, {1} nodes</source>
      <translation>maple tree：高度 {0}，{1} 个节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/app/side_by_side.py" line="409" />
      <source>op {0} / {1} · 4.19 step {2} / {3} · 6.12 step {4} / {5}</source>
      <translation>操作 {0} / {1} · 4.19 步骤 {2} / {3} · 6.12 步骤 {4} / {5}</translation>
    </message>
  </context>
  <context>
    <name>StepStatus</name>
    <message>
      <location filename="../../vmastudio/view/panels/status.py" line="35" />
      <source>op {0}/{1} · step {2}/{3}</source>
      <translation>操作 {0}/{1} · 步骤 {2}/{3}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/status.py" line="43" />
      <source>result: {0}</source>
      <translation>结果：{0}</translation>
    </message>
  </context>
  <context>
    <name>StepsPanel</name>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="47" />
      <source>Timeline: the op shown (0 = the initial state)</source>
      <translation>时间轴：当前显示的操作（0 = 初始状态）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="50" />
      <source>The step within the op</source>
      <translation>操作中的步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="56" />
      <source>op</source>
      <translation>操作</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="60" />
      <source>step</source>
      <translation>步骤</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="93" />
      <source>0. initial state ({0} VMAs)</source>
      <translation>0. 初始状态（{0} 个 VMA）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="110" />
      <source>… ops 0 to {0}: the op slider reaches them</source>
      <translation>… 操作 0 至 {0}：用操作滑块前往</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/steps_panel.py" line="124" />
      <source>… ops {0} to {1}: the op slider reaches them</source>
      <translation>… 操作 {0} 至 {1}：用操作滑块前往</translation>
    </message>
  </context>
  <context>
    <name>Tooltip</name>
    <message>
      <location filename="../../vmastudio/view/items/decor.py" line="110" />
      <source>size: {0} ({1} pages)</source>
      <translation>大小：{0}（{1} 页）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/items/decor.py" line="111" />
      <source>flags: {0}</source>
      <translation>标志：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/items/decor.py" line="112" />
      <source>file: {0}</source>
      <translation>文件：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/items/decor.py" line="112" />
      <source>anonymous</source>
      <translation>匿名映射</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/items/decor.py" line="115" />
      <source>name: {0}</source>
      <translation>名称：{0}</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/items/rb_node_item.py" line="71" />
      <source>red node</source>
      <translation>红色节点</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/items/rb_node_item.py" line="73" />
      <source>black node</source>
      <translation>黑色节点</translation>
    </message>
  </context>
  <context>
    <name>VariablesPanel</name>
    <message>
      <location filename="../../vmastudio/view/panels/variables_panel.py" line="23" />
      <source>name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/variables_panel.py" line="23" />
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/variables_panel.py" line="23" />
      <source>at</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/variables_panel.py" line="23" />
      <source>type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/panels/variables_panel.py" line="62" />
      <source>(returned)</source>
      <translation>（已返回）</translation>
    </message>
  </context>
  <context>
    <name>VmaScene</name>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="494" />
      <source>overlap [{0:x},{1:x})</source>
      <translation>重叠 [{0:x},{1:x})</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="573" />
      <source>trial: overlaps [{0:x},{1:x}) → -ENOMEM</source>
      <translation>试插入：与 [{0:x},{1:x}) 重叠 → -ENOMEM</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="614" />
      <source>Erase [{0:x},{1:x})</source>
      <translation>解除映射 [{0:x},{1:x})</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="617" />
      <source>Inspect</source>
      <translation>查看详情</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="627" />
      <source>Insert a VMA here…</source>
      <translation>在此处插入 VMA…</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="651" />
      <source>address map</source>
      <translation>地址图</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="652" />
      <source>mm-&gt;mmap: the VMA list (vm_next →, ← vm_prev)</source>
      <translation>mm-&gt;mmap：VMA 链表（vm_next →，← vm_prev）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="653" />
      <source>not in the tree (being inserted or erased)</source>
      <translation>不在树中（正在插入或删除）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="654" />
      <source>mm-&gt;mm_rb: the red-black tree</source>
      <translation>mm-&gt;mm_rb：红黑树</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="667" />
      <source>address map (compressed scale)</source>
      <translation>地址图（压缩比例）</translation>
    </message>
    <message>
      <location filename="../../vmastudio/view/scene.py" line="669" />
      <source>address map (linear scale)</source>
      <translation>地址图（线性比例）</translation>
    </message>
  </context>
</TS>

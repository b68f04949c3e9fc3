import { seedCore } from './test/helpers.ts';
import { renderSlackMessages } from './src/render/blockkit.ts';
const core = seedCore();
for (const line of ['who Shoigu', 'claims', 'timeline', 'help', 'who Nobody', 'brief']) {
  const reply = await core.runLine(line, { platform: 'slack' });
  const msgs = renderSlackMessages(reply, (i) => `page${i}`);
  console.log(line, msgs.length, msgs.map((m) => [m.blocks.length, JSON.stringify(m.blocks).length]));
}
const r = await core.runLine('who Shoigu', { platform: 'slack' });
console.log(JSON.stringify(renderSlackMessages(r)[0], null, 1).slice(0, 3000));

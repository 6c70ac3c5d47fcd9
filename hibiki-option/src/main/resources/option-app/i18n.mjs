// The app's words in Japanese (the default) and English. t(key, ...args) fills {0}, {1}… with the arguments.
const WORDS = {
  ja: {
    'app.lang': 'English', 'nav.schedules': '配信スケジュール', 'nav.users': 'ユーザー', 'nav.account': 'アカウント',
    'nav.logout': 'ログアウト', 'login.title': 'ログイン', 'login.email': 'メールアドレス', 'login.password': 'パスワード',
    'login.access_code': 'アクセスコード', 'login.submit': 'ログイン',
    'login.wrong': 'メールアドレス、パスワードまたはアクセスコードが違います。',
    'login.throttled': 'ログインの失敗が続いたため、{0} 秒後にもう一度お試しください。',
    'schedules.title': '配信スケジュール', 'schedules.none': 'スケジュールはまだありません。', 'schedules.week': '今週',
    'schedule.name': '名前', 'schedule.start': '開始', 'schedule.end': '終了', 'schedule.by': '作成者',
    'schedule.ladder': '画質', 'schedule.create': 'スケジュールを作成', 'schedule.save': '保存', 'schedule.edit': '編集',
    'schedule.delete': '削除', 'schedule.confirm_delete': '「{0}」を削除しますか？', 'schedule.broadcast': '配信する',
    'schedule.watch': '視聴する', 'preset.full': '1080p + 720p + 360p', 'preset.hd': '720p + 360p',
    'preset.light': '360p（音声重視）',
    'live.title': '配信: {0}', 'live.camera': 'カメラ', 'live.microphone': 'マイク', 'live.start': '配信開始',
    'live.stop': '配信停止', 'live.on_air': 'LIVE', 'live.off_air': '未配信', 'live.elapsed': '経過時間',
    'live.bitrate': '送信ビットレート', 'live.resolution': '解像度', 'live.viewers': '視聴者数',
    'watch.title': '視聴: {0}', 'watch.quality': '画質', 'watch.auto': '自動', 'watch.back_to_live': 'ライブに戻る',
    'watch.waiting': '配信の開始を待っています…', 'watch.ended': '配信は終了しました。', 'watch.playing': '再生中',
    'chat.title': 'チャット', 'chat.placeholder': 'メッセージ（50文字まで）', 'chat.send': '送信',
    'users.title': 'ユーザー', 'users.name': '名前', 'users.email': 'メールアドレス', 'users.password': 'パスワード',
    'users.master': 'マスター', 'users.create': 'ユーザーを作成', 'users.delete': '削除',
    'users.confirm_delete': '{0} を削除しますか？', 'perm.delivery': '配信', 'perm.view': '視聴', 'perm.schedule': 'スケジュール',
    'perm.user': 'ユーザー管理', 'account.title': 'アカウント', 'account.password': '新しいパスワード（8文字以上）',
    'account.change_password': 'パスワードを変更', 'account.access_code': '新しいアクセスコード',
    'account.change_access_code': 'アクセスコードを変更',
    'account.confirm_access_code': 'アクセスコードを変更すると、全員がログアウトされます。変更しますか？',
    'saved': '保存しました。', 'forbidden': 'この画面を使う権限がありません。', 'error.network': '通信に失敗しました。',
  },
  en: {
    'app.lang': '日本語', 'nav.schedules': 'Schedules', 'nav.users': 'Users', 'nav.account': 'Account', 'nav.logout': 'Log out',
    'login.title': 'Log in', 'login.email': 'Email', 'login.password': 'Password', 'login.access_code': 'Access code',
    'login.submit': 'Log in', 'login.wrong': 'The email, password or access code is wrong.',
    'login.throttled': 'Too many failed logins: try again in {0} s.',
    'schedules.title': 'Broadcast schedules', 'schedules.none': 'No schedules yet.', 'schedules.week': 'This week',
    'schedule.name': 'Name', 'schedule.start': 'Start', 'schedule.end': 'End', 'schedule.by': 'Created by',
    'schedule.ladder': 'Quality', 'schedule.create': 'Create schedule', 'schedule.save': 'Save', 'schedule.edit': 'Edit',
    'schedule.delete': 'Delete', 'schedule.confirm_delete': 'Delete "{0}"?', 'schedule.broadcast': 'Broadcast',
    'schedule.watch': 'Watch', 'preset.full': '1080p + 720p + 360p', 'preset.hd': '720p + 360p',
    'preset.light': 'audio-friendly 360p',
    'live.title': 'Broadcast: {0}', 'live.camera': 'Camera', 'live.microphone': 'Microphone', 'live.start': 'Go live',
    'live.stop': 'Stop', 'live.on_air': 'LIVE', 'live.off_air': 'Off air', 'live.elapsed': 'Elapsed',
    'live.bitrate': 'Bitrate sent', 'live.resolution': 'Resolution', 'live.viewers': 'Viewers',
    'watch.title': 'Watch: {0}', 'watch.quality': 'Quality', 'watch.auto': 'Auto', 'watch.back_to_live': 'Back to live',
    'watch.waiting': 'Waiting for the broadcast to start…', 'watch.ended': 'The broadcast has ended.', 'watch.playing': 'Playing',
    'chat.title': 'Chat', 'chat.placeholder': 'Message (up to 50 characters)', 'chat.send': 'Send',
    'users.title': 'Users', 'users.name': 'Name', 'users.email': 'Email', 'users.password': 'Password',
    'users.master': 'Master', 'users.create': 'Create user', 'users.delete': 'Delete', 'users.confirm_delete': 'Delete {0}?',
    'perm.delivery': 'Broadcast', 'perm.view': 'Watch', 'perm.schedule': 'Schedules', 'perm.user': 'Users',
    'account.title': 'Account', 'account.password': 'New password (8 characters or more)',
    'account.change_password': 'Change password', 'account.access_code': 'New access code',
    'account.change_access_code': 'Change access code',
    'account.confirm_access_code': 'Changing the access code logs everyone out. Change it?',
    'saved': 'Saved.', 'forbidden': 'You do not have permission for this page.', 'error.network': 'The request failed.',
  },
};

export let lang = localStorage.getItem('hibiki.option.lang') === 'en' ? 'en' : 'ja';

export function setLang(l) {
  lang = l;
  localStorage.setItem('hibiki.option.lang', l);
  document.documentElement.lang = l;
}

export function t(key, ...args) {
  const s = WORDS[lang][key] ?? WORDS.ja[key] ?? key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

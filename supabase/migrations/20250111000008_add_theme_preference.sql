-- Per-user settings, starting with the light/dark theme preference.

create table if not exists user_settings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid unique not null references auth.users (id) on delete cascade,
  theme_preference text default 'light' check (theme_preference in ('light', 'dark')),
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);

create index if not exists idx_user_settings_user_id on user_settings (user_id);
create index if not exists idx_user_settings_theme on user_settings (theme_preference);

alter table user_settings enable row level security;

create policy "Users can read own settings"
  on user_settings for select
  using (auth.uid() = user_id);

create policy "Users can insert own settings"
  on user_settings for insert
  with check (auth.uid() = user_id);

create policy "Users can update own settings"
  on user_settings for update
  using (auth.uid() = user_id);

"""Names for demo data: people, places and host organisations on the north coast of Central Java.

Every name here is fictional or generic (common Javanese given names, common pesantren names);
no entry describes a real person or a real company. Lists are tuples, so the reference
scenario (``random.Random``) and the synthetic path (NumPy indices) draw from the same pools.
E-mail addresses use the reserved ``example.*`` domains (RFC 2606): demo mail never reaches
anyone.
"""

from __future__ import annotations

import random


def _items(text: str) -> tuple[str, ...]:
    """Comma-separated items of a text block (keeps long lists compact and formatter-stable)."""
    return tuple(item.strip() for item in text.replace("\n", " ").split(",") if item.strip())


# --- People -----------------------------------------------------------------------------------

MALE_GIVEN = _items("""
    Agus, Ahmad, Adi, Aditya, Andi, Anwar, Arif, Bagus, Bambang, Budi, Dedi, Dimas, Dwi, Eko, Fajar,
    Fauzan, Hadi, Hendra, Ilham, Imam, Joko, Khoirul, Kurniawan, Lukman, Muhammad, Nur, Rafi, Rahmat,
    Rizki, Rudi, Sigit, Slamet, Taufik, Teguh, Tri, Wahyu, Yoga, Yusuf, Zainal, Arya, Bayu, Danang,
    Farhan, Galih, Hafidz, Irfan, Miftahul, Nanang, Puji, Ridwan, Sholeh, Syaiful, Ulil, Wawan,
    Yanto, Zaki
""")
MALE_FAMILY = _items("""
    Santoso, Setiawan, Prasetyo, Nugroho, Saputra, Hidayat, Kurniawan, Wibowo, Firmansyah, Pratama,
    Ramadhan, Maulana, Hakim, Syahputra, Fauzi, Hermawan, Susanto, Wijaya, Gunawan, Permana, Purnomo,
    Haryanto, Rohman, Mubarok, Arifin, Hasan, Kholil, Anshori, Mustofa, Rosyid, Sulistyo, Utomo,
    Wicaksono, Yulianto, Zulkarnain, Effendi, Iskandar, Budiman, Darmawan, Ashari
""")
MALE_SINGLE = _items("""
    Sutrisno, Suparman, Sugianto, Mulyono, Sarwono, Karyono, Tarmuji, Supriyadi, Casmadi, Waryono,
    Rasidin, Darsono
""")
FEMALE_GIVEN = _items("""
    Siti, Nur, Dewi, Sri, Ayu, Putri, Dwi, Tri, Rina, Fitri, Lina, Nurul, Ani, Eka, Indah, Intan,
    Laila, Maya, Nadia, Novi, Ratna, Rizka, Sari, Wulan, Yuni, Anisa, Aulia, Dina, Erna, Fatimah,
    Hana, Ika, Khusnul, Lutfiah, Melati, Nabila, Nia, Rahma, Salma, Tika, Umi, Vina, Zahra, Alfiyah,
    Devi, Eni, Farida, Heni, Isna, Mila, Ninik, Okta, Rosita
""")
FEMALE_FAMILY = _items("""
    Lestari, Rahmawati, Wulandari, Handayani, Safitri, Puspitasari, Anggraini, Kurniasih,
    Permatasari, Maharani, Fitriani, Oktaviani, Susanti, Rahayu, Hidayah, Khasanah, Ulfa, Azizah,
    Nurhayati, Setyaningsih, Wahyuni, Pratiwi, Utami, Sulistyowati, Mardiyah, Hasanah, Zulaikha,
    Amalia, Maulida, Nurjanah, Sholihah, Andriani, Novitasari, Yuliana, Agustina, Fadilah, Rohmah,
    Istiqomah, Khoiriyah, Mufidah
""")
FEMALE_SINGLE = _items("""
    Sumiyati, Suryani, Karsinah, Tarwiyah, Rasminah, Darsih, Waryati, Sunarti, Casiyah, Sutini,
    Kasmirah, Rumini
""")
# Common first elements of three-part names ("Muhammad Rizki Pratama", "Siti Nur Azizah").
MALE_PREFIX = _items("Muhammad, Ahmad, Moh., Dwi, Tri, Eko, Nur")
FEMALE_PREFIX = _items("Siti, Nur, Dwi, Tri, Eka, Putri, Dewi")

EMAIL_DOMAINS = _items("example.com, example.net, example.org")
# Indonesian mobile prefixes after the leading 0 (Telkomsel, Indosat, XL, Tri, Smartfren).
PHONE_PREFIXES = _items("812, 813, 821, 822, 823, 852, 853, 857, 858, 877, 878, 895, 896, 881, 882")


def person_name(rng: random.Random, gender: str) -> str:
    """A realistic full name for gender ``L`` or ``P``: one, two or three parts."""
    if gender == "P":
        given, family, single, prefix = FEMALE_GIVEN, FEMALE_FAMILY, FEMALE_SINGLE, FEMALE_PREFIX
    else:
        given, family, single, prefix = MALE_GIVEN, MALE_FAMILY, MALE_SINGLE, MALE_PREFIX
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(single)
    first = rng.choice(given)
    last = rng.choice(family)
    if roll < 0.30 and first not in prefix:
        return f"{rng.choice(prefix)} {first} {last}"
    return f"{first} {last}"


def phone_number(rng: random.Random) -> str:
    """An Indonesian mobile number such as ``081234567890``."""
    return f"0{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**7, 10**8)}"


def email_for(rng: random.Random, full_name: str) -> str:
    parts = [p.strip(".").lower() for p in full_name.split() if p.strip(".")]
    local = ".".join(parts[-2:])
    return f"{local}{rng.randrange(1, 99)}@{rng.choice(EMAIL_DOMAINS)}"


# --- Places around KITB -----------------------------------------------------------------------

REGENCY_SHORT = {"33.25": "Batang", "33.26": "Pekalongan", "33.75": "Kota Pekalongan", "33.27": "Pemalang"}
REGENCY_LONG = {
    "33.25": "Kabupaten Batang",
    "33.26": "Kabupaten Pekalongan",
    "33.75": "Kota Pekalongan",
    "33.27": "Kabupaten Pemalang",
}
# Kecamatan (districts) of each regency; index + 1 is the district part (digits 5–6) of a NIK.
DISTRICTS = {
    "33.25": _items("""
        Wonotunggal, Bandar, Blado, Reban, Bawang, Tersono, Gringsing, Limpung, Subah, Tulis, Batang,
        Warungasem, Kandeman, Pecalungan, Banyuputih
    """),
    "33.26": _items("""
        Kandangserang, Paninggaran, Lebakbarang, Petungkriyono, Talun, Doro, Karanganyar, Kajen,
        Kesesi, Sragi, Bojong, Wonopringgo, Kedungwuni, Buaran, Tirto, Wiradesa, Siwalan,
        Karangdadap, Wonokerto
    """),
    "33.27": _items("""
        Moga, Pulosari, Belik, Watukumpul, Bodeh, Bantarbolang, Randudongkal, Pemalang, Taman,
        Petarukan, Ampelgading, Comal, Ulujami, Warungpring
    """),
    "33.75": _items("Pekalongan Barat, Pekalongan Timur, Pekalongan Utara, Pekalongan Selatan"),
}
VILLAGES = _items("""
    Sidomulyo, Karanganyar, Kalisalak, Sidorejo, Kedungsari, Tambakrejo, Ketanggan, Sentul, Kemiri,
    Kalipucang, Rowosari, Banyurip, Sukorejo, Wonosari, Kauman, Pesindon, Kergon, Panjang Wetan,
    Degayu, Kramat, Tegalsari, Mulyoharjo, Beji, Bojongbata, Widuri, Sugihwaras, Surajaya,
    Kebondalem, Banjarmulya, Sragi
""")
STREETS = _items("""
    Jl. Raya Pantura, Jl. KH. Ahmad Dahlan, Jl. Diponegoro, Jl. Sultan Agung, Jl. Pemuda,
    Jl. Gajah Mada, Jl. Veteran, Jl. Jend. Sudirman, Jl. Pahlawan, Jl. Raya Kajen,
    Jl. KH. Hasyim Asy'ari, Jl. Pesantren, Jl. Masjid, Jl. Raya Comal, Jl. Urip Sumoharjo
""")


def address(rng: random.Random, regency_code: str, *, district: int | None = None) -> str:
    """``Jl. …, RT/RW, Desa …, Kec. …, Kabupaten …``; ``district`` is a 1-based kecamatan index."""
    districts = DISTRICTS[regency_code]
    kec = districts[(district - 1) % len(districts)] if district else rng.choice(districts)
    return (
        f"{rng.choice(STREETS)} No. {rng.randrange(1, 180)}, RT {rng.randrange(1, 12):03d}/"
        f"RW {rng.randrange(1, 8):03d}, Desa {rng.choice(VILLAGES)}, Kec. {kec}, {REGENCY_LONG[regency_code]}"
    )


# --- Host organisations of the 65 BLKK --------------------------------------------------------

# Pondok pesantren names (common names shared by many pesantren across Java). The first one hosts
# the demo BLKK in Kab. Batang ("BLKK Ponpes Al-Hikmah").
PESANTREN = _items("""
    Al-Hikmah, Darul Ulum, Al-Falah, Miftahul Huda, Nurul Huda, Al-Ikhlas, Darussalam,
    Roudlotul Mubtadiin, Al-Munawwir, Salafiyah Kauman, Al-Anwar, Bahrul Ulum, Al-Hidayah,
    Raudlatul Ulum, Hidayatul Mubtadiin, Al-Mubarok, Tarbiyatul Islam, Al-Ma'ruf, Nurul Iman,
    Al-Amin, Darul Falah, Al-Muttaqin, Sabilul Muttaqin, Al-Fattah, Manbaul Ulum, Al-Hidayat,
    Nurul Qur'an, Al-Istiqomah, Darul Amanah, Al-Mujahidin, Assalafiyah, Al-Badriyah, Futuhiyyah,
    Al-Khoiriyah, Darul Hikmah, Al-Karimah, Nurul Jadid, Mambaul Hikam, Al-Barokah, Roudlotul Qur'an,
    Al-Irsyad, Darut Taqwa, Al-Ittihad, Sirojul Huda, Al-Mustaqim, Ihya'ul Ulum, Al-Wahdah,
    Al-Madaniyah, Nurussalam, Al-Azhar, Miftahul Ulum, Darul Muttaqin, Al-Hasaniyah, Ma'hadul Ilmi,
    Al-Mansur, Fathul Huda, Al-Usymuni, Ar-Risalah, Al-Qodiri, Bustanul Ulum
""")

# Hosts that are not pesantren, per regency: (host_type, host organisation, BLKK name).
OTHER_HOSTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "33.25": (
        ("serikat_pekerja", "PC SPSI Kabupaten Batang", "BLKK SPSI Batang"),
        ("lembaga_keagamaan", "PC Nahdlatul Ulama Kabupaten Batang", "BLKK PCNU Batang"),
        ("lembaga_keagamaan", "PD Muhammadiyah Kabupaten Batang", "BLKK Muhammadiyah Batang"),
        ("komunitas", "Karang Taruna Desa Ketanggan", "BLKK Karang Taruna Ketanggan"),
    ),
    "33.26": (
        ("serikat_pekerja", "PC SPN Kabupaten Pekalongan", "BLKK SPN Pekalongan"),
        ("serikat_pekerja", "PC SPSI Kabupaten Pekalongan", "BLKK SPSI Kabupaten Pekalongan"),
        ("lembaga_keagamaan", "PC Nahdlatul Ulama Kabupaten Pekalongan", "BLKK PCNU Kajen"),
        ("komunitas", "Paguyuban Perajin Batik Wiradesa", "BLKK Paguyuban Batik Wiradesa"),
        ("komunitas", "Kelompok Nelayan Mina Wonokerto", "BLKK Nelayan Wonokerto"),
    ),
    "33.75": (
        ("lembaga_keagamaan", "PD Muhammadiyah Kota Pekalongan", "BLKK Muhammadiyah Kota Pekalongan"),
        ("komunitas", "Komunitas Batik Kauman", "BLKK Komunitas Batik Kauman"),
    ),
    "33.27": (
        ("serikat_pekerja", "DPC KSPSI Kabupaten Pemalang", "BLKK KSPSI Pemalang"),
        ("lembaga_keagamaan", "PC Nahdlatul Ulama Kabupaten Pemalang", "BLKK PCNU Pemalang"),
        ("lembaga_keagamaan", "Gereja Kristen Jawa Pemalang", "BLKK GKJ Pemalang"),
        ("komunitas", "Karang Taruna Kecamatan Comal", "BLKK Karang Taruna Comal"),
        ("komunitas", "Yayasan Perempuan Mandiri Randudongkal", "BLKK Perempuan Mandiri Randudongkal"),
    ),
}

# Synthetic BLKK (benchmark data): host type → (host organisation, BLKK name) templates, where
# {p} is a pesantren name, {R} the regency's full name, {r} its short name and {v} a village.
SYNTHETIC_HOSTS = {
    "pondok_pesantren": (("Pondok Pesantren {p}", "BLKK Ponpes {p} {r}"),),
    "serikat_pekerja": (
        ("PC SPSI {R}", "BLKK SPSI {r}"),
        ("PC SPN {R}", "BLKK SPN {r}"),
        ("DPC KSPSI {R}", "BLKK KSPSI {r}"),
    ),
    "lembaga_keagamaan": (
        ("PC Nahdlatul Ulama {R}", "BLKK PCNU {r}"),
        ("PD Muhammadiyah {R}", "BLKK Muhammadiyah {r}"),
    ),
    "komunitas": (("Karang Taruna Desa {v}", "BLKK Karang Taruna {v} {r}"),),
}

# Words for synthetic employer names: "PT {A} {B} {industry}".
COMPANY_INDUSTRY = _items("""
    Garmindo, Textile, Elektronik, Manufaktur, Logistik, Pangan, Teknik, Konstruksi, Motor, Plastik,
    Keramik, Kemasan, Footwear, Energi
""")
COMPANY_WORDS_A = _items("""
    Sinar, Mitra, Karya, Cahaya, Prima, Sentosa, Mulia, Abadi, Surya, Bintang, Nusa, Jaya, Makmur,
    Global, Samudra, Indo, Tunas, Harapan
""")
COMPANY_WORDS_B = _items("""
    Jaya, Abadi, Sejahtera, Makmur, Utama, Perkasa, Mandiri, Lestari, Sentosa, Gemilang, Persada,
    Nusantara
""")
